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
