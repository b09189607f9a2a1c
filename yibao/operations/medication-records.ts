import type { MedicationRecord } from '../../domain/medication-record';
import type { YibaoClient } from '../client';

/** The platform's 0/1 flags (是/否); anything else, or nothing (empty is read as absent), is not known. */
function flag(value: string | null | undefined): boolean | null {
  return value === '1' ? true : value === '0' ? false : null;
}

/** 【5205】 The person's chronic-disease medication records in a period of China dates (both included). */
export async function medicationRecords(
  client: YibaoClient,
  query: { insuredPersonNo: string; insuredAreaCode: string; from: string; to: string; applicationNo: string }
): Promise<MedicationRecord[]> {
  const { data } = await client.queryMedicationRecords(
    { psnNo: query.insuredPersonNo, begntime: `${query.from} 00:00:00`, endtime: `${query.to} 23:59:59` },
    { applicationNo: query.applicationNo, insuplcAdmdvs: query.insuredAreaCode }
  );
  return data.map(row => ({
    chargeItemSn: row.feedetlSn,
    prescriptionNo: row.rxDrordNo ?? null,
    institutionCode: row.fixmedinsCode ?? null,
    institutionName: row.fixmedinsName,
    insuredPersonNo: row.psnNo,
    medicalType: row.medType,
    chargedAt: row.feeOcurTime,
    quantity: row.cnt,
    unitPrice: row.pric,
    chargeLevel: row.chrgitmLv ?? null,
    insuranceListCode: row.hilistCode,
    drugName: row.hilistName,
    catalogueType: row.listType,
    drugCode: row.medListCodg,
    hospitalItemCode: row.medinsListCodg,
    hospitalItemName: row.medinsListName,
    chargeItemType: row.medChrgitmType,
    brandName: row.prodname ?? null,
    specification: row.spec,
    dosageForm: row.dosformName ?? null,
    restrictedUse: flag(row.lmtUsedFlag),
    hospitalPreparation: flag(row.hospPrepFlag),
    hospitalApproval: row.hospApprFlag ?? null,
    tcmUsage: row.tcmdrugUsedWay ?? null,
    originType: row.prodplacType ?? null,
    essentialDrug: flag(row.basMednFlag),
    negotiatedDrug: flag(row.hiNegoDrugFlag),
    childrenMedicine: flag(row.chldMedcFlag),
    externalTest: flag(row.etipFlag),
    externalTestHospitalCode: row.etipHospCode ?? null,
    dischargeMedication: flag(row.dscgTkdrugFlag),
    specialCatalogueItem: flag(row.listSpItemFlag),
    maternityFee: flag(row.matnFeeFlag)
  }));
}
