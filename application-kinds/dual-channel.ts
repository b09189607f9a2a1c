import { and, eq, inArray, type SQL } from 'drizzle-orm';
import {
  applications,
  dualChannelApplicationDetails,
  dualChannelApplicationDrugs,
  dualChannelApplicationInstitutions,
  dualChannelEforms,
  dualChannelInstitutions,
  specialDrugs
} from '../db/schema';
import { insuranceTypeLabels } from '../domain/application';
import {
  agentRelationLabels,
  dualChannelFilingReviewSchema,
  formatApplicationLimit,
  dualChannelKind,
  type CreateDualChannelApplication,
  type DualChannelListFilter
} from '../domain/application-kinds/dual-channel';
import { chinaDate } from '../domain/china-time';
import { FilingFailure } from '../domain/filing-outcome';
import { maskAddress, maskIdNumber, maskName, maskPhone } from '../domain/masking';
import {
  approvedDualChannelFilings,
  fileDualChannel,
  revokeDualChannel
} from '../yibao/operations/dual-channel-filing';
import { applicationIsOpen, hasKindRow, loadApplicationWithPatient, rowsOfApplications } from './application-rows';
import { dualChannelDataOf, loadDualChannelRows } from './dual-channel-rows';
import { eformDataHash, eformHtml, renderEformXlsx, type DualChannelEformData } from './dual-channel-eform';
import { defineApplicationKind, type KindDocuments, type KindSearchFilter, type KindServices } from './kind-module';

const byCode = <T extends { code: string }>(rows: T[], code: string) => rows.find(row => row.code === code)!;

/** The 双通道申请电子表格, printed after the doctors' approval and again before a retried filing if the data changed. */
const eform: KindDocuments = {
  title: '双通道申请电子表格',
  fileTitle: '双通道申请表',

  async generate(services, applicationId) {
    const data = await eformData(services, applicationId);
    const dataHash = eformDataHash(data);
    const [stored] = await services.db
      .select({ dataHash: dualChannelEforms.dataHash })
      .from(dualChannelEforms)
      .where(eq(dualChannelEforms.applicationId, applicationId));
    if (stored?.dataHash === dataHash) return { regenerated: false };
    const [pdf, xlsx] = await Promise.all([services.printer.print(eformHtml(data)), renderEformXlsx(data)]);
    const row = { dataHash, pdf, xlsx, generatedAt: new Date() };
    await services.db
      .insert(dualChannelEforms)
      .values({ applicationId, ...row })
      .onConflictDoUpdate({ target: dualChannelEforms.applicationId, set: row });
    return { regenerated: true };
  },

  async read(db, applicationId, format) {
    const [row] = await db
      .select({ content: dualChannelEforms[format] })
      .from(dualChannelEforms)
      .where(eq(dualChannelEforms.applicationId, applicationId));
    return row?.content;
  },

  async generatedAt(db, applicationId) {
    const [row] = await db
      .select({ generatedAt: dualChannelEforms.generatedAt })
      .from(dualChannelEforms)
      .where(eq(dualChannelEforms.applicationId, applicationId));
    return row?.generatedAt;
  },

  async namedDoctors(db, applicationId) {
    const [row] = await db
      .select({
        doctor1: dualChannelApplicationDetails.doctor1StaffNo,
        doctor2: dualChannelApplicationDetails.doctor2StaffNo
      })
      .from(dualChannelApplicationDetails)
      .where(eq(dualChannelApplicationDetails.applicationId, applicationId));
    return [row?.doctor1, row?.doctor2].filter((staffNo): staffNo is string => Boolean(staffNo));
  }
};

/** The sheet's data: the patient's ID number and the agent's data masked, the sheet is handed around. */
async function eformData({ db, cipher }: KindServices, applicationId: string): Promise<DualChannelEformData> {
  const [found, rows] = await Promise.all([
    loadApplicationWithPatient(db, applicationId),
    loadDualChannelRows(db, applicationId)
  ]);
  if (!found || !rows) throw new FilingFailure('invalidData', `application ${applicationId} not found`);
  const { application, patient } = found;
  const data = dualChannelDataOf(rows, cipher);
  if (!data.doctor1) throw new FilingFailure('invalidData', 'the e-form needs the approving doctor');
  return {
    applicationNo: application.applicationNo,
    applicationDate: data.applicationDate,
    patientName: cipher.decrypt(patient.nameEnc),
    patientIdNoMasked: maskIdNumber(cipher.decrypt(patient.idNoEnc)),
    sex: patient.sex === 'male' ? '男' : '女',
    birthDate: patient.birthDate,
    insuredPersonNo: application.insuredPersonNo ?? '',
    insuranceType: application.insuranceType
      ? `${application.insuranceType} ${insuranceTypeLabels[application.insuranceType] ?? ''}`.trim()
      : '',
    beginDate: application.beginDate,
    endDate: application.endDate ?? '',
    patientPhoneMasked: application.phoneEnc ? maskPhone(cipher.decrypt(application.phoneEnc)) : '',
    patientAddressMasked: application.addressEnc ? maskAddress(cipher.decrypt(application.addressEnc)) : '',
    diagnosisBasis: data.diagnosisBasis ?? '',
    drugs: data.drugs.map(drug => {
      const limit = data.applicationLimits.find(candidate => candidate.drugCode === drug.code);
      return {
        ...drug,
        specification: drug.specification ?? '',
        limit: limit ? formatApplicationLimit(limit) : '无'
      };
    }),
    institutions: data.institutions,
    doctor1: data.doctor1,
    doctor2: data.doctor2,
    agent: data.agent
      ? {
          name: data.agent.name,
          documentNoMasked: maskIdNumber(data.agent.documentNo),
          phone: maskPhone(data.agent.phone),
          relation: agentRelationLabels[data.agent.relation] ?? data.agent.relation
        }
      : undefined,
    reviewOpinion: application.reviewOpinion ?? ''
  };
}

/** The drugs and the chosen institutions, each on the kind's line tables. */
function dualChannelSearchConditions(filter: KindSearchFilter): SQL[] {
  const drugs = dualChannelApplicationDrugs;
  const chosen = dualChannelApplicationInstitutions;
  return [
    ...(filter.subjectCode ? [hasKindRow(drugs, drugs.drugCode, filter.subjectCode)] : []),
    ...(filter.institutionCode ? [hasKindRow(chosen, chosen.institutionCode, filter.institutionCode)] : [])
  ];
}

/** 双通道特药: drugs and designated institutions, an optional agent, two doctors and the e-form. */
export const dualChannelApplicationKind = defineApplicationKind<CreateDualChannelApplication, DualChannelListFilter>({
  definition: dualChannelKind,
  bureauRecords: 'dual-channel',
  documents: eform,

  async prepare({ db, cipher }, patientId, body) {
    const drugs = await db.select().from(specialDrugs).where(inArray(specialDrugs.code, body.drugCodes));
    const invalidDrugs = body.drugCodes.filter(code => !drugs.some(drug => drug.code === code && drug.valid));
    if (invalidDrugs.length) {
      return {
        refused: 'invalid_reference',
        message: `所选药品不在有效的双通道特药目录中：${invalidDrugs.join('、')}`
      };
    }
    const chosen = await db
      .select()
      .from(dualChannelInstitutions)
      .where(inArray(dualChannelInstitutions.code, body.institutionCodes));
    const invalidInstitutions = body.institutionCodes.filter(
      code => !chosen.some(institution => institution.code === code && institution.valid)
    );
    if (invalidInstitutions.length) {
      return {
        refused: 'invalid_reference',
        message: `所选双通道定点医药机构不存在或已停用：${invalidInstitutions.join('、')}`
      };
    }
    const [pending] = await db
      .select({ code: dualChannelApplicationDrugs.drugCode })
      .from(applications)
      .innerJoin(dualChannelApplicationDrugs, eq(dualChannelApplicationDrugs.applicationId, applications.id))
      .where(
        and(
          eq(applications.patientId, patientId),
          inArray(dualChannelApplicationDrugs.drugCode, body.drugCodes),
          applicationIsOpen
        )
      )
      .limit(1);
    if (pending) return { refused: 'duplicate', message: dualChannelKind.duplicateMessage };
    const encrypt = (value: string | undefined) => (value ? cipher.encrypt(value) : null);
    return {
      department: null,
      phone: body.phone,
      address: body.address,
      beginDate: body.beginDate,
      endDate: body.endDate,
      writeDetails: async (tx, applicationId, at) => {
        await tx.insert(dualChannelApplicationDetails).values({
          applicationId,
          applicationDate: chinaDate(at),
          diagnosisBasisEnc: encrypt(body.diagnosisBasis),
          employerNo: body.employerNo ?? null,
          agentNameEnc: encrypt(body.agent?.name),
          agentDocumentType: body.agent?.documentType ?? null,
          agentDocumentNoEnc: encrypt(body.agent?.documentNo),
          agentPhoneEnc: encrypt(body.agent?.phone),
          agentRelation: body.agent?.relation ?? null,
          agentAddressEnc: encrypt(body.agent?.address)
        });
        await tx.insert(dualChannelApplicationDrugs).values(
          body.drugCodes.map((code, position) => {
            const drug = byCode(drugs, code);
            return {
              applicationId,
              position,
              drugCode: drug.code,
              drugName: drug.name,
              specification: drug.specification
            };
          })
        );
        await tx.insert(dualChannelApplicationInstitutions).values(
          body.institutionCodes.map((code, position) => {
            const institution = byCode(chosen, code);
            return {
              applicationId,
              position,
              institutionCode: institution.code,
              institutionName: institution.name,
              poolingAreaCode: institution.poolingAreaCode
            };
          })
        );
      }
    };
  },

  listConditions(filter) {
    return dualChannelSearchConditions({ subjectCode: filter.drugCode });
  },

  searchConditions: dualChannelSearchConditions,

  async summaries(db, applicationIds) {
    const byPosition = (a: { position: number }, b: { position: number }) => a.position - b.position;
    const [drugs, chosen] = await Promise.all([
      rowsOfApplications(db, dualChannelApplicationDrugs, applicationIds),
      rowsOfApplications(db, dualChannelApplicationInstitutions, applicationIds)
    ]);
    return new Map(
      applicationIds.map(id => {
        const drugNames = drugs
          .filter(drug => drug.applicationId === id)
          .sort(byPosition)
          .map(drug => drug.drugName);
        const institutionNames = chosen
          .filter(institution => institution.applicationId === id)
          .sort(byPosition)
          .map(institution => institution.institutionName);
        return [id, { fields: { drugNames }, subject: drugNames.join('、'), institution: institutionNames.join('、') }];
      })
    );
  },

  async detail({ db, cipher }, application) {
    const [rows, generatedAt] = await Promise.all([
      loadDualChannelRows(db, application.id),
      eform.generatedAt(db, application.id)
    ]);
    if (!rows) return undefined;
    const data = dualChannelDataOf(rows, cipher);
    return {
      drugNames: data.drugs.map(drug => drug.name),
      applicationDate: data.applicationDate,
      phone: application.phoneEnc ? maskPhone(cipher.decrypt(application.phoneEnc)) : null,
      address: application.addressEnc ? maskAddress(cipher.decrypt(application.addressEnc)) : null,
      employerNo: data.employerNo ?? null,
      proposedDiagnosisBasis: data.proposedDiagnosisBasis ?? null,
      diagnosisBasis: data.diagnosisBasis ?? null,
      applicationLimits: data.applicationLimits,
      drugs: data.drugs,
      institutions: data.institutions,
      agent: data.agent
        ? {
            name: maskName(data.agent.name),
            documentType: data.agent.documentType,
            documentNo: maskIdNumber(data.agent.documentNo),
            phone: maskPhone(data.agent.phone),
            relation: agentRelationLabels[data.agent.relation] ?? data.agent.relation,
            address: data.agent.address ? maskAddress(data.agent.address) : null
          }
        : null,
      doctor1: data.doctor1 ?? null,
      doctor2: data.doctor2 ?? null,
      eform: generatedAt ? { generatedAt: generatedAt.toISOString() } : null
    };
  },

  /** The limits name only the application's drugs (the schema has checked their shape). */
  async checkReview(db, applicationId, fields) {
    const { applicationLimits = [] } = dualChannelFilingReviewSchema.parse(fields);
    const drugs = await db
      .select({ code: dualChannelApplicationDrugs.drugCode })
      .from(dualChannelApplicationDrugs)
      .where(eq(dualChannelApplicationDrugs.applicationId, applicationId));
    const foreign = applicationLimits.filter(limit => !drugs.some(drug => drug.code === limit.drugCode));
    return foreign.length > 0
      ? `申请限额的药品不在本申请中：${foreign.map(limit => limit.drugCode).join('、')}`
      : undefined;
  },

  /**
   * 2511 carries the reviewer as doctor 1, the doctor named at review as doctor 2, the diagnosis basis the
   * reviewer confirmed and the limits the reviewer set.
   */
  async recordReview(tx, review, _at, cipher) {
    if (review.decision !== 'approve') return;
    const filing = dualChannelFilingReviewSchema.parse(review.kindFields);
    await tx
      .update(dualChannelApplicationDetails)
      .set({
        doctor1StaffNo: review.reviewerStaffNo,
        doctor1Name: review.reviewerName,
        doctor2StaffNo: review.secondDoctor?.staffNo ?? null,
        doctor2Name: review.secondDoctor?.name ?? null,
        filedDiagnosisBasisEnc: filing.diagnosisBasis ? cipher.encrypt(filing.diagnosisBasis) : null,
        applicationLimits: filing.applicationLimits ?? []
      })
      .where(eq(dualChannelApplicationDetails.applicationId, review.applicationId));
  },

  async loadFiling({ db, cipher }, person, applicationId) {
    const rows = await loadDualChannelRows(db, applicationId);
    if (!rows) throw new FilingFailure('invalidData', 'the dual-channel details are missing');
    const { doctor1, ...data } = dualChannelDataOf(rows, cipher);
    if (!doctor1) throw new FilingFailure('invalidData', 'the reviewing doctor is missing');
    const filed = { ...data, doctor1 };
    // Applications from before the patient's own address was asked for are filed as they were then, with the
    // agent's address as the contact address (migration 0009).
    const filingPerson = { ...person, address: person.address ?? data.agent?.address };
    const codes = new Set(data.drugs.map(drug => drug.code));
    const matches = (key: { beginDate: string; drugCodes?: readonly string[] | null | undefined }) =>
      key.beginDate === person.beginDate && (key.drugCodes ?? []).some(code => codes.has(code));
    return {
      person,
      file: (client, attempt) => fileDualChannel(client, filingPerson, filed, attempt),
      listedAsApproved: async client => (await approvedDualChannelFilings(client, person)).some(matches),
      revoke: (client, filingSn) => revokeDualChannel(client, person, filingSn),
      matches
    };
  }
});
