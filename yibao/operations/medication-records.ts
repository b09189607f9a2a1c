import type { MedicationRecord } from '../../domain/medication-record';
import type { YibaoClient } from '../client';

/** 【5205】 The person's chronic-disease medication records since a date. */
export async function medicationRecords(
  client: YibaoClient,
  query: { insuredPersonNo: string; insuredAreaCode: string; since: string; applicationNo: string }
): Promise<MedicationRecord[]> {
  const { data } = await client.queryMedicationRecords(
    { psnNo: query.insuredPersonNo, begntime: `${query.since} 00:00:00` },
    { applicationNo: query.applicationNo, insuplcAdmdvs: query.insuredAreaCode }
  );
  return data.map(row => ({
    chargedAt: row.feeOcurTime,
    institutionName: row.fixmedinsName,
    drugCode: row.medListCodg,
    drugName: row.hilistName,
    specification: row.spec,
    quantity: row.cnt,
    unitPrice: row.pric
  }));
}
