import { z } from 'zod';
import { isoDateSchema } from './dates';

/**
 * A dispensing the bureau recorded for the patient (5205 人员慢特病用药记录查询, one `feedetail` row), as the
 * reviewing doctor reads it: every field of the row, in the hospital's terms. Codes stay codes (the label
 * tables below name them); the platform's 0/1 flags are booleans, null where the bureau left them empty.
 */
export const medicationRecordSchema = z.object({
  chargeItemSn: z.string().describe('费用明细流水号'),
  prescriptionNo: z.string().nullable().describe('处方/医嘱号'),
  institutionCode: z.string().nullable().describe('定点医药机构编号'),
  institutionName: z.string().describe('定点医药机构名称'),
  insuredPersonNo: z.string().describe('人员编号'),
  medicalType: z.string().describe('医疗类别代码，见 medicalTypeLabels（14 门诊慢特病 …）'),
  chargedAt: z.string().describe('费用发生时间 yyyy-MM-dd HH:mm:ss'),
  quantity: z.number().describe('数量'),
  unitPrice: z.number().describe('单价（元）'),
  chargeLevel: z.string().nullable().describe('收费项目等级：1 甲类，2 乙类，3 自费'),
  insuranceListCode: z.string().describe('医保目录编码'),
  drugName: z.string().describe('医保目录名称'),
  catalogueType: z.string().describe('目录类别，见 catalogueTypeLabels（101 西药，102 中成药，103 中药饮片 …）'),
  drugCode: z.string().describe('医疗目录编码'),
  hospitalItemCode: z.string().describe('医药机构目录编码'),
  hospitalItemName: z.string().describe('医药机构目录名称'),
  chargeItemType: z.string().describe('医疗收费项目类别，见 chargeItemTypeLabels（09 西药费 …）'),
  brandName: z.string().nullable().describe('商品名'),
  specification: z.string().describe('规格'),
  dosageForm: z.string().nullable().describe('剂型名称'),
  restrictedUse: z.boolean().nullable().describe('限制使用'),
  hospitalPreparation: z.boolean().nullable().describe('医院制剂'),
  hospitalApproval: z.string().nullable().describe('医院审批标志代码'),
  tcmUsage: z.string().nullable().describe('中药使用方式：1 复方，2 单方'),
  originType: z.string().nullable().describe('生产地类别：1 国产，2 进口'),
  essentialDrug: z.boolean().nullable().describe('基本药物'),
  negotiatedDrug: z.boolean().nullable().describe('医保谈判药品'),
  childrenMedicine: z.boolean().nullable().describe('儿童用药'),
  externalTest: z.boolean().nullable().describe('外检'),
  externalTestHospitalCode: z.string().nullable().describe('外检医院编码'),
  dischargeMedication: z.boolean().nullable().describe('出院带药'),
  specialCatalogueItem: z.boolean().nullable().describe('目录特项'),
  maternityFee: z.boolean().nullable().describe('生育费用')
});
export type MedicationRecord = z.infer<typeof medicationRecordSchema>;

/** 医疗类别 (med_type) codes of Jiangxi. */
export const medicalTypeLabels: Record<string, string> = {
  '11': '普通门诊',
  '12': '门诊挂号',
  '13': '急诊',
  '14': '门诊慢特病',
  '18': '特药购药',
  '21': '普通住院',
  '41': '定点药店购药',
  '9901': '门诊两病'
};

/** 收费项目等级 (chrgitm_lv). */
export const chargeLevelLabels: Record<string, string> = { '1': '甲类', '2': '乙类', '3': '自费' };

/** 目录类别 (list_type). */
export const catalogueTypeLabels: Record<string, string> = {
  '101': '西药',
  '102': '中成药',
  '103': '中药饮片',
  '104': '自制剂',
  '105': '民族药',
  '201': '服务项目',
  '301': '医用材料'
};

/** 医疗收费项目类别 (med_chrgitm_type) as far as medicines go. */
export const chargeItemTypeLabels: Record<string, string> = {
  '09': '西药费',
  '10': '中药饮片费',
  '11': '中成药费'
};

/** How far back and how wide a reviewer may ask the bureau for records: one year at a time, five years back. */
export const medicationRecordLimits = { defaultDays: 365, maxDays: 366, maxYearsBack: 5 };

/** The period of a medication-record query: both dates optional; the last 365 days by default. */
export const medicationRecordQuerySchema = z
  .object({
    from: isoDateSchema.optional().describe('开始日期（含），默认为结束日期前 365 天'),
    to: isoDateSchema.optional().describe('结束日期（含），默认为今天')
  })
  .strict()
  .refine(query => !query.from || !query.to || query.from <= query.to, {
    message: '开始日期不能晚于结束日期',
    path: ['from']
  });
export type MedicationRecordQuery = z.infer<typeof medicationRecordQuerySchema>;

export const medicationRecordsResponseSchema = z.object({
  from: z.string().describe('查询的开始日期'),
  to: z.string().describe('查询的结束日期'),
  items: z.array(medicationRecordSchema)
});

const dayMs = 86_400_000;
const shiftDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);

/**
 * The period asked for, with its defaults filled in and its bounds checked against today's China date:
 * not after today, at most `maxDays` days, not before `maxYearsBack` years ago. A message when it is refused.
 */
export function medicationRecordPeriod(
  query: MedicationRecordQuery,
  today: string
): { from: string; to: string } | { refused: string } {
  const to = query.to ?? (query.from ? shiftDays(query.from, medicationRecordLimits.defaultDays) : today);
  const end = to > today ? today : to;
  if (query.to && query.to > today) return { refused: '结束日期不能晚于今天' };
  const from = query.from ?? shiftDays(end, -medicationRecordLimits.defaultDays);
  if (from > end) return { refused: '开始日期不能晚于结束日期' };
  if (shiftDays(from, medicationRecordLimits.maxDays - 1) < end) {
    return { refused: `查询期间不能超过 ${medicationRecordLimits.maxDays} 天，请分段查询` };
  }
  const earliest = `${Number(today.slice(0, 4)) - medicationRecordLimits.maxYearsBack}${today.slice(4)}`;
  if (from < earliest) return { refused: `只能查询近 ${medicationRecordLimits.maxYearsBack} 年的用药记录` };
  return { from, to: end };
}
