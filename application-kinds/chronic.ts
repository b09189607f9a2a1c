import { and, eq, type SQL } from 'drizzle-orm';
import { applications, chronicApplicationDetails, diseases, institutions } from '../db/schema';
import {
  chronicKind,
  type ChronicListFilter,
  type CreateChronicApplication
} from '../domain/application-kinds/chronic';
import { chinaDate } from '../domain/china-time';
import { FilingFailure } from '../domain/filing-outcome';
import { maskAddress, maskPhone } from '../domain/masking';
import { reviewDepartmentFor } from '../domain/review-departments';
import {
  approvedChronicFilings,
  fileChronicDisease,
  revokeChronicDisease,
  type ChronicFilingData
} from '../yibao/operations/chronic-filing';
import { applicationIsOpen, attachmentsOfApplication, hasKindRow, rowsOfApplications } from './application-rows';
import { defineApplicationKind, type KindFiling, type KindSearchFilter } from './kind-module';

/** The 2503 / 5301 / 2504 filing of a chronic-disease application with its data. */
export function chronicFiling(person: KindFiling['person'], data: ChronicFilingData): KindFiling {
  return {
    person,
    file: (client, attempt) => fileChronicDisease(client, person, data, attempt),
    listedAsApproved: async client => (await approvedChronicFilings(client, person)).some(key => matches(key)),
    revoke: (client, filingSn, reason) => revokeChronicDisease(client, person, filingSn, reason),
    matches
  };
  function matches(key: { beginDate: string; diseaseCode?: string | null | undefined }) {
    return key.beginDate === person.beginDate && key.diseaseCode === data.diseaseCode;
  }
}

/** The disease and the assessing institution, both on the kind's detail row. */
function chronicSearchConditions(filter: KindSearchFilter): SQL[] {
  const details = chronicApplicationDetails;
  return [
    ...(filter.subjectCode ? [hasKindRow(details, details.diseaseCode, filter.subjectCode)] : []),
    ...(filter.institutionCode ? [hasKindRow(details, details.institutionCode, filter.institutionCode)] : [])
  ];
}

/** 门诊慢特病: the disease and the assessing institution, the diagnosing doctor once approved. */
export const chronicApplicationKind = defineApplicationKind<CreateChronicApplication, ChronicListFilter>({
  definition: chronicKind,
  bureauRecords: 'chronic',

  async prepare({ db }, patientId, body) {
    const [disease] = await db.select().from(diseases).where(eq(diseases.code, body.diseaseCode));
    if (!disease?.valid) return { refused: 'invalid_reference', message: '所选病种不在有效的门诊慢特病病种目录中' };
    const [institution] = await db.select().from(institutions).where(eq(institutions.code, body.institutionCode));
    if (!institution?.valid) return { refused: 'invalid_reference', message: '所选鉴定定点医药机构不存在或已停用' };
    const [pending] = await db
      .select({ id: applications.id })
      .from(applications)
      .innerJoin(chronicApplicationDetails, eq(chronicApplicationDetails.applicationId, applications.id))
      .where(
        and(
          eq(applications.patientId, patientId),
          eq(chronicApplicationDetails.diseaseCode, disease.code),
          applicationIsOpen
        )
      )
      .limit(1);
    if (pending) return { refused: 'duplicate', message: chronicKind.duplicateMessage };
    return {
      department: reviewDepartmentFor(disease.code),
      phone: body.phone,
      address: body.address,
      beginDate: body.beginDate,
      endDate: body.endDate,
      attachmentIds: body.attachmentIds,
      writeDetails: async (tx, applicationId) => {
        await tx.insert(chronicApplicationDetails).values({
          applicationId,
          diseaseCode: disease.code,
          diseaseName: disease.name,
          institutionCode: institution.code,
          institutionName: institution.name
        });
      }
    };
  },

  listConditions(filter) {
    return chronicSearchConditions({ subjectCode: filter.diseaseCode });
  },

  searchConditions: chronicSearchConditions,

  async summaries(db, applicationIds) {
    const rows = await rowsOfApplications(db, chronicApplicationDetails, applicationIds);
    return new Map(
      rows.map(row => [
        row.applicationId,
        {
          fields: { diseaseCode: row.diseaseCode, diseaseName: row.diseaseName },
          subject: row.diseaseName,
          institution: row.institutionName
        }
      ])
    );
  },

  async detail({ db, cipher }, application) {
    const [[row], materials] = await Promise.all([
      db.select().from(chronicApplicationDetails).where(eq(chronicApplicationDetails.applicationId, application.id)),
      attachmentsOfApplication(db, application.id)
    ]);
    if (!row) return undefined;
    return {
      diseaseCode: row.diseaseCode,
      diseaseName: row.diseaseName,
      institutionCode: row.institutionCode,
      institutionName: row.institutionName,
      phone: application.phoneEnc ? maskPhone(cipher.decrypt(application.phoneEnc)) : '',
      address: application.addressEnc ? maskAddress(cipher.decrypt(application.addressEnc)) : '',
      assessmentDate: row.assessmentDate,
      diagnosingDoctor:
        row.diagnosingDoctorStaffNo && row.diagnosingDoctorName
          ? { staffNo: row.diagnosingDoctorStaffNo, name: row.diagnosingDoctorName }
          : null,
      attachments: materials
    };
  },

  /** The approving doctor is the diagnosing doctor of the filing, on the day of approval (医院鉴定日期). */
  async recordReview(tx, review, at) {
    if (review.decision !== 'approve') return;
    await tx
      .update(chronicApplicationDetails)
      .set({
        diagnosingDoctorStaffNo: review.reviewerStaffNo,
        diagnosingDoctorName: review.reviewerName,
        assessmentDate: chinaDate(at)
      })
      .where(eq(chronicApplicationDetails.applicationId, review.applicationId));
  },

  async loadFiling({ db }, person, applicationId) {
    const [row] = await db
      .select()
      .from(chronicApplicationDetails)
      .where(eq(chronicApplicationDetails.applicationId, applicationId));
    if (!row?.diagnosingDoctorStaffNo || !row.diagnosingDoctorName || !row.assessmentDate) {
      throw new FilingFailure('invalidData', 'the diagnosing doctor is missing');
    }
    return chronicFiling(person, {
      diseaseCode: row.diseaseCode,
      diseaseName: row.diseaseName,
      institutionCode: row.institutionCode,
      institutionName: row.institutionName,
      assessmentDate: row.assessmentDate,
      diagnosingDoctor: { staffNo: row.diagnosingDoctorStaffNo, name: row.diagnosingDoctorName }
    });
  }
});
