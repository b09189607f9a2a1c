import { z } from 'zod';

/** A dispensing the bureau recorded for the patient (5205), as the reviewing doctor reads it. */
export const medicationRecordSchema = z.object({
  chargedAt: z.string().describe('费用发生时间'),
  institutionName: z.string().describe('定点医药机构名称'),
  drugCode: z.string().describe('医疗目录编码'),
  drugName: z.string().describe('医保目录名称'),
  specification: z.string().describe('规格'),
  quantity: z.number().describe('数量'),
  unitPrice: z.number().describe('单价')
});
export type MedicationRecord = z.infer<typeof medicationRecordSchema>;
