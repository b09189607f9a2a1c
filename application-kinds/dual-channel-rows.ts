import { asc, eq } from 'drizzle-orm';
import type { Database } from '../db/connection';
import {
  dualChannelApplicationDetails,
  dualChannelApplicationDrugs,
  dualChannelApplicationInstitutions
} from '../db/schema';
import type { DualChannelFilingData } from '../yibao/operations/dual-channel-filing';
import type { FieldCipher } from './kind-module';

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

/** Everything a dual-channel application says, decrypted: what is filed, printed (masked) and shown (masked). */
export interface DualChannelData extends Omit<DualChannelFilingData, 'doctor1' | 'drugs'> {
  drugs: { code: string; name: string; specification: string | null }[];
  doctor1?: { staffNo: string; name: string } | undefined;
}

export function dualChannelDataOf(rows: DualChannelRows, cipher: FieldCipher): DualChannelData {
  const { detail } = rows;
  const decrypt = (value: string | null) => (value ? cipher.decrypt(value) : undefined);
  const agentName = decrypt(detail.agentNameEnc);
  const doctor = (staffNo: string | null, name: string | null) => (staffNo && name ? { staffNo, name } : undefined);
  return {
    applicationDate: detail.applicationDate,
    diagnosisBasis: decrypt(detail.diagnosisBasisEnc),
    applicationLimits: detail.applicationLimits,
    drugs: rows.drugs.map(drug => ({ code: drug.drugCode, name: drug.drugName, specification: drug.specification })),
    institutions: rows.institutions.map(institution => ({
      code: institution.institutionCode,
      name: institution.institutionName,
      poolingAreaCode: institution.poolingAreaCode
    })),
    doctor1: doctor(detail.doctor1StaffNo, detail.doctor1Name),
    doctor2: doctor(detail.doctor2StaffNo, detail.doctor2Name),
    agent: agentName
      ? {
          name: agentName,
          documentType: detail.agentDocumentType ?? '01',
          documentNo: decrypt(detail.agentDocumentNoEnc) ?? '',
          phone: decrypt(detail.agentPhoneEnc) ?? '',
          relation: detail.agentRelation ?? '',
          address: decrypt(detail.agentAddressEnc)
        }
      : undefined
  };
}
