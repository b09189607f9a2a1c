import { z } from 'zod';

export const diseaseSchema = z.object({
  code: z.string(),
  name: z.string(),
  majorClassName: z.string().nullable(),
  admdvs: z.string().nullable(),
  valid: z.boolean(),
  version: z.string()
});
export type Disease = z.infer<typeof diseaseSchema>;

export const diseaseQuerySchema = z
  .object({
    q: z.string().trim().max(50).optional(),
    includeInvalid: z.enum(['true', 'false']).optional()
  })
  .strict();

/** 鉴定定点医药机构. */
export const institutionSchema = z.object({
  code: z.string(),
  name: z.string(),
  level: z.string().nullable(),
  admdvs: z.string(),
  /** Street address, shown to patients choosing where to be assessed. */
  address: z.string().nullable(),
  valid: z.boolean()
});
export type Institution = z.infer<typeof institutionSchema>;

export const institutionCodeSchema = z
  .string()
  .regex(/^[A-Z]\d{11}$/, '机构编码应为1位字母加11位数字，如 H36010000001');

export const upsertInstitutionSchema = z
  .object({
    name: z.string().trim().min(2).max(200),
    level: z.string().trim().max(20).optional(),
    admdvs: z.string().regex(/^\d{6}$/, '医保区划应为6位数字'),
    address: z.string().trim().max(200).optional(),
    valid: z.boolean()
  })
  .strict();

/** 中心药品项目编码: the bureau's 23-character drug code, e.g. XL01XEA298A001010105487. */
export const drugCodeSchema = z.string().regex(/^[A-Z][A-Z0-9]{22}$/, '药品编码应为医保中心23位药品项目编码');

/** 统筹区域: a 6-digit 医保区划 code; the spec's "日期型" is a slip. */
export const poolingAreaCodeSchema = z.string().regex(/^\d{6}$/, '统筹区域应为6位医保区划代码');

/** 特药目录: the bureau's code and name plus the hospital's own fields. */
export const specialDrugSchema = z.object({
  code: z.string(),
  name: z.string(),
  specification: z.string().nullable(),
  manufacturer: z.string().nullable(),
  indications: z.string().nullable(),
  valid: z.boolean()
});
export type SpecialDrug = z.infer<typeof specialDrugSchema>;

const specialDrugFields = {
  name: z.string().trim().min(1, '请填写药品名称').max(50),
  specification: z.string().trim().max(100).optional(),
  manufacturer: z.string().trim().max(100).optional(),
  indications: z.string().trim().max(1000).optional(),
  valid: z.boolean().default(true)
};
export const createSpecialDrugSchema = z.object({ code: drugCodeSchema, ...specialDrugFields }).strict();
export const updateSpecialDrugSchema = z.object({ ...specialDrugFields, valid: z.boolean().optional() }).strict();

/** 双通道定点医药机构: the hospital itself and the designated pharmacies. */
export const dualChannelInstitutionSchema = z.object({
  code: z.string(),
  name: z.string(),
  poolingAreaCode: z.string().describe('统筹区域（6位医保区划）'),
  valid: z.boolean()
});
export type DualChannelInstitution = z.infer<typeof dualChannelInstitutionSchema>;

const dualChannelInstitutionFields = {
  name: z.string().trim().min(2, '请填写机构名称').max(300),
  poolingAreaCode: poolingAreaCodeSchema,
  valid: z.boolean().default(true)
};
export const createDualChannelInstitutionSchema = z
  .object({ code: institutionCodeSchema, ...dualChannelInstitutionFields })
  .strict();
export const updateDualChannelInstitutionSchema = z
  .object({ ...dualChannelInstitutionFields, valid: z.boolean().optional() })
  .strict();

export const catalogueListQuerySchema = z.object({ includeInvalid: z.enum(['true', 'false']).optional() }).strict();
