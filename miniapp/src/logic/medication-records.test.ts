import { describe, expect, it } from 'vitest';
import type { MedicationRecord } from '../../../domain/medication-record';
import { periodProblem, presetPeriod, recordLine, recordLines, recordsTotal } from './medication-records';

const today = '2026-11-29';

function record(fields: Partial<MedicationRecord>): MedicationRecord {
  return {
    chargeItemSn: '1',
    prescriptionNo: null,
    institutionCode: 'H36010200015',
    institutionName: '江西中医药大学附属医院',
    insuredPersonNo: '36000000000000000001',
    medicalType: '14',
    chargedAt: '2026-11-10 09:31:00',
    quantity: 1,
    unitPrice: 1,
    chargeLevel: null,
    insuranceListCode: 'X',
    drugName: '盐酸贝尼地平片',
    catalogueType: '101',
    drugCode: 'X',
    hospitalItemCode: 'Y',
    hospitalItemName: '盐酸贝尼地平片',
    chargeItemType: '09',
    brandName: null,
    specification: '4mg*14片',
    dosageForm: null,
    restrictedUse: null,
    hospitalPreparation: null,
    hospitalApproval: null,
    tcmUsage: null,
    originType: null,
    essentialDrug: null,
    negotiatedDrug: null,
    childrenMedicine: null,
    externalTest: null,
    externalTestHospitalCode: null,
    dischargeMedication: null,
    specialCatalogueItem: null,
    maternityFee: null,
    ...fields
  };
}

describe('the period of the medication records', () => {
  it('offers the last 365 days and the previous calendar year', () => {
    expect(presetPeriod('last-year', today)).toEqual({ from: '2025-11-29', to: today });
    expect(presetPeriod('previous-year', today)).toEqual({ from: '2025-01-01', to: '2025-12-31' });
    expect(periodProblem(presetPeriod('previous-year', '2025-03-01'), '2025-03-01')).toBeUndefined();
  });

  it('explains a period the server would refuse before asking', () => {
    expect(periodProblem({ from: '2024-01-01', to: '2025-06-30' }, today)).toContain('不能超过 366 天');
    expect(periodProblem({ from: '2026-12-01', to: '2026-11-01' }, today)).toBe('开始日期不能晚于结束日期');
    expect(periodProblem({ from: '2020-01-01', to: '2020-06-30' }, today)).toBe('只能查询近 5 年的用药记录');
    expect(periodProblem({ from: '2026-01-01', to: '2026-12-31' }, today)).toBe('结束日期不能晚于今天');
  });
});

describe('a medication record on the phone', () => {
  it('reads as drug, specification, quantity × price = total, and the insurance class', () => {
    const line = recordLine(
      record({ quantity: 3, unitPrice: 0.35, chargeLevel: '2', brandName: '可力洛', negotiatedDrug: true })
    );
    expect(line).toMatchObject({
      date: '2026年11月10日',
      institution: '江西中医药大学附属医院',
      drug: '盐酸贝尼地平片（可力洛）',
      specification: '4mg*14片',
      amount: '3 × ¥0.35 = ¥1.05',
      chargeClass: '乙类',
      selfPaid: false,
      negotiated: true
    });
    expect(recordLine(record({ chargeLevel: '3' }))).toMatchObject({ chargeClass: '自费', selfPaid: true });
    expect(recordLine(record({ chargeLevel: null }))).not.toHaveProperty('chargeClass');
  });

  it('lists the newest first and adds up the period in yuan', () => {
    const older = record({ chargeItemSn: 'a', chargedAt: '2026-09-10 09:00:00', quantity: 2, unitPrice: 15.8 });
    const newer = record({ chargeItemSn: 'b', chargedAt: '2026-10-10 09:00:00', quantity: 3, unitPrice: 0.35 });
    expect(recordLines([older, newer]).map(line => line.key)).toEqual(['b', 'a']);
    expect(recordsTotal([older, newer])).toBe('¥32.65');
  });
});
