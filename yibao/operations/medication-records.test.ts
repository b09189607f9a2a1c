import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection';
import { chinaDate, chinaDateDaysBefore, parseChinaTime } from '../../domain/china-time';
import { medicationRecordSchema, type MedicationRecord } from '../../domain/medication-record';
import { openTestDatabase } from '../../test/support/database';
import type { SimPerson } from '../sim/data';
import { medicationRecordRows } from '../sim/handlers';
import { startYibaoPair, testFixmedinsCode, type YibaoPair } from '../sim/testing';
import { medicationRecords } from './medication-records';

/** Each 5205 output column and the field it becomes, with how its value reads. */
const fieldOfColumn: Record<string, [keyof MedicationRecord, 'text' | 'number' | 'flag']> = {
  feedetl_sn: ['chargeItemSn', 'text'],
  rx_drord_no: ['prescriptionNo', 'text'],
  fixmedins_code: ['institutionCode', 'text'],
  fixmedins_name: ['institutionName', 'text'],
  psn_no: ['insuredPersonNo', 'text'],
  med_type: ['medicalType', 'text'],
  fee_ocur_time: ['chargedAt', 'text'],
  cnt: ['quantity', 'number'],
  pric: ['unitPrice', 'number'],
  chrgitm_lv: ['chargeLevel', 'text'],
  hilist_code: ['insuranceListCode', 'text'],
  hilist_name: ['drugName', 'text'],
  list_type: ['catalogueType', 'text'],
  med_list_codg: ['drugCode', 'text'],
  medins_list_codg: ['hospitalItemCode', 'text'],
  medins_list_name: ['hospitalItemName', 'text'],
  med_chrgitm_type: ['chargeItemType', 'text'],
  prodname: ['brandName', 'text'],
  spec: ['specification', 'text'],
  dosform_name: ['dosageForm', 'text'],
  lmt_used_flag: ['restrictedUse', 'flag'],
  hosp_prep_flag: ['hospitalPreparation', 'flag'],
  hosp_appr_flag: ['hospitalApproval', 'text'],
  tcmdrug_used_way: ['tcmUsage', 'text'],
  prodplac_type: ['originType', 'text'],
  bas_medn_flag: ['essentialDrug', 'flag'],
  hi_nego_drug_flag: ['negotiatedDrug', 'flag'],
  chld_medc_flag: ['childrenMedicine', 'flag'],
  etip_flag: ['externalTest', 'flag'],
  etip_hosp_code: ['externalTestHospitalCode', 'text'],
  dscg_tkdrug_flag: ['dischargeMedication', 'flag'],
  list_sp_item_flag: ['specialCatalogueItem', 'flag'],
  matn_fee_flag: ['maternityFee', 'flag']
};

function expectedValue(value: unknown, reading: 'text' | 'number' | 'flag'): unknown {
  if (value === null || value === undefined || value === '') return null;
  if (reading === 'flag') return value === '1';
  return reading === 'number' ? Number(value) : value;
}

describe('5205 medication records in the hospital’s terms', () => {
  let database: DatabaseHandle;
  let pair: YibaoPair;
  let person: SimPerson;
  const today = chinaDate(new Date());

  beforeAll(async () => {
    database = await openTestDatabase();
    pair = await startYibaoPair(database, 'csb');
    person = pair.simulator.state.persons[0]!;
    await pair.client.getPersonInfo({ mdtrtCertType: '02', mdtrtCertNo: person.certno });
  });

  afterAll(async () => {
    await pair.close();
    await database.close();
  });

  const read = (from: string, to: string) =>
    medicationRecords(pair.client, {
      insuredPersonNo: person.psnNo,
      insuredAreaCode: person.insuplcAdmdvs,
      from,
      to,
      applicationNo: 'MT20260101000001'
    });

  it('maps every one of the 33 output columns, each to one field', () => {
    expect(Object.keys(fieldOfColumn)).toHaveLength(33);
    expect(new Set(Object.values(fieldOfColumn).map(([field]) => field))).toEqual(
      new Set(Object.keys(medicationRecordSchema.shape))
    );
  });

  it('reads every field of every row back as the bureau answered it', async () => {
    const from = chinaDateDaysBefore(new Date(), 365);
    const records = await read(from, today);
    const answered = medicationRecordRows(
      person,
      0,
      { from: parseChinaTime(from), to: parseChinaTime(`${today} 23:59:59`), now: new Date() },
      { code: testFixmedinsCode, name: '江西中医药大学附属医院' }
    );
    expect(records.length).toBeGreaterThan(12);
    expect(records).toHaveLength(answered.length);
    answered.forEach((row, index) => {
      expect(Object.keys(row).sort()).toEqual(Object.keys(fieldOfColumn).sort());
      const record = records[index]!;
      for (const [column, [field, reading]] of Object.entries(fieldOfColumn)) {
        expect(record[field], `${column} → ${field}`).toEqual(expectedValue(row[column], reading));
      }
    });
    // Every field carries a value somewhere in a year, so none is read back only as null.
    for (const field of Object.keys(medicationRecordSchema.shape) as (keyof MedicationRecord)[]) {
      expect(
        records.some(record => record[field] !== null),
        field
      ).toBe(true);
    }
    // The TCM hospital's items and the dual-channel pharmacy are among them.
    expect(records.map(record => record.catalogueType)).toEqual(
      expect.arrayContaining(['101', '102', '103', '104', '201'])
    );
    expect(records.find(record => record.negotiatedDrug)).toMatchObject({
      institutionCode: 'P36010200123',
      drugName: '甲磺酸奥希替尼片',
      restrictedUse: true
    });
  });

  it('asks the bureau for the period given, both days included', async () => {
    const from = chinaDateDaysBefore(new Date(), 100);
    const records = await read(from, today);
    const year = await read(chinaDateDaysBefore(new Date(), 365), today);
    expect(records.length).toBeGreaterThan(0);
    expect(records.length).toBeLessThan(year.length);
    for (const record of records) {
      expect(record.chargedAt >= `${from} 00:00:00` && record.chargedAt <= `${today} 23:59:59`).toBe(true);
    }
  });
});
