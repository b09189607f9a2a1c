import { ApplicationFailure } from '@temporalio/activity';
import { eq } from 'drizzle-orm';
import type { Database } from '../db/connection';
import { applications, dualChannelEforms, patients } from '../db/schema';
import { agentRelationLabels, insutypeLabels } from '../domain/dual-channel-application';
import { maskIdNumber, maskPhone } from '../domain/masking';
import { loadDualChannelRows } from './dual-channel-filing';
import {
  eformDataHash,
  renderEformXlsx,
  type DualChannelEformData,
  type EformPrinter
} from './eform/dual-channel-eform';

export interface EformDependencies {
  db: Database;
  decryptField: (ciphertext: string) => string;
  /** Shared by every print of the worker process. */
  printer: EformPrinter;
}

/** Activities that produce the documents of an application (the dual-channel e-form). */
export function createEformActivities(deps: EformDependencies) {
  async function eformData(applicationId: string): Promise<DualChannelEformData> {
    const [row] = await deps.db
      .select({ application: applications, patient: patients })
      .from(applications)
      .innerJoin(patients, eq(patients.id, applications.patientId))
      .where(eq(applications.id, applicationId));
    const rows = await loadDualChannelRows(deps.db, applicationId);
    if (!row || !rows)
      throw ApplicationFailure.nonRetryable(`application ${applicationId} not found`, 'ApplicationMissing');
    const { application, patient } = row;
    const { detail } = rows;
    if (!detail.doctor1StaffNo || !detail.doctor1Name) {
      throw ApplicationFailure.nonRetryable('the e-form needs the approving doctor', 'EformNotReady');
    }
    const decrypt = (value: string | null) => (value ? deps.decryptField(value) : '');
    const agentName = decrypt(detail.agentNameEnc);
    return {
      applicationNo: application.applicationNo,
      appyDate: detail.appyDate,
      patientName: deps.decryptField(patient.nameEnc),
      patientIdNoMasked: maskIdNumber(deps.decryptField(patient.idNoEnc)),
      sex: patient.sex === 'male' ? '男' : '女',
      birthDate: patient.birthDate,
      psnNo: application.psnNo ?? '',
      insutype: application.insutype
        ? `${application.insutype} ${insutypeLabels[application.insutype] ?? ''}`.trim()
        : '',
      beginDate: application.beginDate,
      endDate: application.endDate ?? '',
      condAbst: decrypt(detail.condAbstEnc),
      drugs: rows.drugs.map(drug => ({
        code: drug.medListCodg,
        name: drug.medListName,
        specification: drug.specification ?? ''
      })),
      institutions: rows.institutions.map(institution => ({
        code: institution.fixmedinsCode,
        name: institution.fixmedinsName,
        poolareaNo: institution.poolareaNo
      })),
      doctor1: { staffNo: detail.doctor1StaffNo, name: detail.doctor1Name },
      doctor2:
        detail.doctor2StaffNo && detail.doctor2Name
          ? { staffNo: detail.doctor2StaffNo, name: detail.doctor2Name }
          : undefined,
      agent: agentName
        ? {
            name: agentName,
            certNoMasked: maskIdNumber(decrypt(detail.agentCertNoEnc)),
            tel: maskPhone(decrypt(detail.agentTelEnc)),
            relation: agentRelationLabels[detail.agentRelation ?? ''] ?? detail.agentRelation ?? ''
          }
        : undefined,
      reviewOpinion: application.reviewOpinion ?? ''
    };
  }

  return {
    /**
     * Prints the 双通道申请电子表格 (PDF and XLSX) after the doctors' approval, before filing. Called again
     * before a retried filing: it prints only when the data differ from the stored sheet's.
     */
    async generateEform(input: { applicationId: string }): Promise<{ regenerated: boolean }> {
      const data = await eformData(input.applicationId);
      const dataHash = eformDataHash(data);
      const [stored] = await deps.db
        .select({ dataHash: dualChannelEforms.dataHash })
        .from(dualChannelEforms)
        .where(eq(dualChannelEforms.applicationId, input.applicationId));
      if (stored?.dataHash === dataHash) return { regenerated: false };
      const [pdf, xlsx] = await Promise.all([deps.printer.print(data), renderEformXlsx(data)]);
      const row = { dataHash, pdf, xlsx, generatedAt: new Date() };
      await deps.db
        .insert(dualChannelEforms)
        .values({ applicationId: input.applicationId, ...row })
        .onConflictDoUpdate({ target: dualChannelEforms.applicationId, set: row });
      return { regenerated: true };
    }
  };
}
