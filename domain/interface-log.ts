import { z } from 'zod';
import { isoDateSchema } from './dates';

export const callOutcomes = ['ok', 'business', 'network', 'ambiguous', 'gateway-auth', 'validation'] as const;

/** What administrators and auditors search the Yibao interface log by (the seed's 5.3 / 6.8). */
export const interfaceLogFilterSchema = z
  .object({
    idNo: z.string().trim().min(15).max(18).optional().describe('患者身份证号（盲索引查询）'),
    cardNo: z.string().trim().min(1).max(50).optional().describe('医保卡号（盲索引查询）'),
    applicationNo: z.string().trim().max(20).optional(),
    infno: z
      .string()
      .regex(/^\w{4}$/)
      .optional(),
    outcome: z.enum(callOutcomes).optional(),
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z.string().max(200).optional()
  })
  .strict();
export type InterfaceLogFilter = z.infer<typeof interfaceLogFilterSchema>;

export const interfaceLogRowSchema = z.object({
  id: z.number(),
  calledAt: z.string(),
  infno: z.string(),
  msgid: z.string().nullable(),
  infRefmsgid: z.string().nullable(),
  opter: z.string(),
  applicationNo: z.string().nullable(),
  attempt: z.number(),
  durationMs: z.number(),
  httpStatus: z.number().nullable(),
  infcode: z.number().nullable(),
  outcome: z.enum(callOutcomes),
  errMsg: z.string().nullable(),
  requestBody: z.unknown(),
  responseBody: z.unknown(),
  idNoMasked: z.string().nullable().describe('患者身份证号（脱敏）'),
  cardNoMasked: z.string().nullable()
});

export const interfaceLogPageSchema = z.object({
  rows: z.array(interfaceLogRowSchema),
  nextCursor: z.string().nullable()
});
export type InterfaceLogPageView = z.infer<typeof interfaceLogPageSchema>;
export type InterfaceLogRowView = z.infer<typeof interfaceLogRowSchema>;

export const callOutcomeLabels: Record<(typeof callOutcomes)[number], string> = {
  ok: '成功',
  business: '医保返回失败',
  network: '网络异常',
  ambiguous: '结果不明',
  'gateway-auth': '网关认证失败',
  validation: '数据校验未通过'
};
