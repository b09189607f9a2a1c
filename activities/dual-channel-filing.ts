import { ApplicationFailure } from '@temporalio/activity';
import { asc, eq } from 'drizzle-orm';
import type { Database } from '../db/connection';
import {
  dualChannelApplicationDetails,
  dualChannelApplicationDrugs,
  dualChannelApplicationInstitutions
} from '../db/schema';
import { filingFailureTypes } from '../domain/filing-failures';
import type { DualChannelFiling } from './filing-gateway';

export interface DualChannelRows {
  detail: typeof dualChannelApplicationDetails.$inferSelect;
  drugs: (typeof dualChannelApplicationDrugs.$inferSelect)[];
  institutions: (typeof dualChannelApplicationInstitutions.$inferSelect)[];
}

/** The dual-channel part of an application, its lists in the order the patient chose them. */
export async function loadDualChannelRows(db: Database, applicationId: string): Promise<DualChannelRows | undefined> {
  const [[detail], drugs, institutions] = await Promise.all([
    db
      .select()
      .from(dualChannelApplicationDetails)
      .where(eq(dualChannelApplicationDetails.applicationId, applicationId)),
    db
      .select()
      .from(dualChannelApplicationDrugs)
      .where(eq(dualChannelApplicationDrugs.applicationId, applicationId))
      .orderBy(asc(dualChannelApplicationDrugs.position)),
    db
      .select()
      .from(dualChannelApplicationInstitutions)
      .where(eq(dualChannelApplicationInstitutions.applicationId, applicationId))
      .orderBy(asc(dualChannelApplicationInstitutions.position))
  ]);
  return detail ? { detail, drugs, institutions } : undefined;
}

/** What 2511 sends besides the person; the doctors must have approved (doctor 1 is the reviewer). */
export async function loadDualChannelFiling(
  deps: { db: Database; decryptField: (ciphertext: string) => string },
  applicationId: string
): Promise<DualChannelFiling> {
  const rows = await loadDualChannelRows(deps.db, applicationId);
  if (!rows) throw ApplicationFailure.nonRetryable('the dual-channel details are missing', 'ApplicationMissing');
  const { detail, drugs, institutions } = rows;
  if (!detail.doctor1StaffNo || !detail.doctor1Name) {
    throw ApplicationFailure.nonRetryable('the reviewing doctor is missing', filingFailureTypes.invalidData);
  }
  const decrypt = (value: string | null) => (value ? deps.decryptField(value) : undefined);
  const agentName = decrypt(detail.agentNameEnc);
  return {
    appyDate: detail.appyDate,
    condAbst: decrypt(detail.condAbstEnc),
    appyLmt: detail.appyLmt,
    drugs: drugs.map(drug => ({ code: drug.medListCodg, name: drug.medListName })),
    institutions: institutions.map(institution => ({
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
          certType: detail.agentCertType ?? '01',
          certNo: decrypt(detail.agentCertNoEnc) ?? '',
          tel: decrypt(detail.agentTelEnc) ?? '',
          relation: detail.agentRelation ?? '',
          addr: decrypt(detail.agentAddrEnc)
        }
      : undefined
  };
}
