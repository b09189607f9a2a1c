import { z } from 'zod';
import {
  applicationDetailFields,
  applicationListFilterSchema,
  applicationPeriodFields,
  applicationSummarySchema,
  filedDoctorSchema,
  mobilePhoneSchema,
  reviewApplicationSchema
} from '../application';
import { drugCodeSchema, institutionCodeSchema } from '../catalogues';
import { isoDateSchema } from '../dates';
import { hisStaffNoSchema } from '../his';
import { isValidIdNumber } from '../id-number';
import type { ApplicationKindDefinition } from './kind-definition';

/**
 * 双通道特药: drugs from the special-drug catalogue, dispensed by chosen designated institutions; filed
 * over 2511 (申请类型 always 32) with a printed e-form, queried by 5311, revoked by 2512.
 */

/** An agent applying on the patient's behalf; 证件类型 as 1101 psn_cert_type: 01 居民身份证 is checked. */
export const agentSchema = z
  .object({
    name: z.string().trim().min(1, '请填写代办人姓名').max(50).describe('代办人姓名'),
    documentType: z
      .string()
      .regex(/^\d{2,3}$/, '代办人证件类型不正确')
      .describe('代办人证件类型，01 居民身份证'),
    documentNo: z.string().trim().min(5).max(30).describe('代办人证件号码'),
    phone: z.string().trim().min(5, '请填写代办人联系方式').max(50).describe('代办人联系电话'),
    /** 代办人关系 code (3 characters at most), e.g. 01 配偶, 02 子女, 03 父母, 99 其他. */
    relation: z
      .string()
      .regex(/^\w{1,3}$/, '代办人关系代码不正确')
      .describe('代办人关系：01 配偶，02 子女，03 父母，04 其他亲属，99 其他'),
    address: z.string().trim().max(200).optional().describe('代办人地址')
  })
  .strict()
  .refine(agent => agent.documentType !== '01' || isValidIdNumber(agent.documentNo), {
    message: '代办人身份证号码不正确',
    path: ['documentNo']
  });
export type DualChannelAgent = z.infer<typeof agentSchema>;

const codeList = <T extends z.ZodType<string>>(item: T, what: string) =>
  z
    .array(item)
    .min(1, `请至少选择一个${what}`)
    .max(20)
    .refine(items => new Set(items).size === items.length, `${what}不能重复`);

/**
 * What a patient (or an agent on the patient's behalf) submits; 申请类型 is always 32 and not asked. The
 * phone and address are the patient's own (2511 `addr`), whoever applies; the agent's stay in `agent`.
 */
export const createDualChannelApplicationSchema = z
  .object({
    ...applicationPeriodFields,
    endDate: isoDateSchema.describe('备案结束日期'),
    drugCodes: codeList(drugCodeSchema, '药品').describe('申请的特药（中心药品项目编码）'),
    institutionCodes: codeList(institutionCodeSchema, '双通道定点医药机构').describe('选定的双通道定点医药机构'),
    phone: mobilePhoneSchema.describe('患者本人联系电话'),
    address: z.string().trim().min(2, '请填写患者本人联系地址').max(200).describe('患者本人联系地址'),
    employerNo: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z-]{1,30}$/, '单位编码应为 30 位以内的字母、数字')
      .optional()
      .describe('参保单位编码（职工医保，可选；医保 1101 返回单位编号时以医保为准）'),
    diagnosisBasis: z
      .string()
      .trim()
      .max(300)
      .optional()
      .describe('患者填写的诊断依据（供审核医生参考；报送医保的诊断依据由医生审核时确认或改写）'),
    agent: agentSchema.optional()
  })
  .strict()
  .refine(body => body.endDate >= body.beginDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });
export type CreateDualChannelApplication = z.infer<typeof createDualChannelApplicationSchema>;

/**
 * 申请限额 (2511 `appy_lmt`): how much of one applied drug the filing allows, set by the reviewing doctor
 * where the drug needs a limit, e.g. 1 盒 every 30 days. Neither the national nor the Jiangxi spec defines
 * the array's items; this shape is ours until the bureau confirms it (README, "Assumptions to confirm").
 */
export const applicationLimitSchema = z
  .object({
    drugCode: drugCodeSchema.describe('限额的药品（本申请的中心药品项目编码之一）'),
    quantity: z
      .number()
      .positive('限额数量应大于0')
      .max(99_999)
      .refine(value => Number.isInteger(value * 10_000), '限额数量最多4位小数')
      .describe('限额数量'),
    unit: z.string().trim().min(1, '请填写限额单位').max(20).describe('限额单位，如 盒、支、片、mg'),
    periodDays: z.number().int().min(1).max(366).describe('限额周期（天），如 30 表示每 30 天')
  })
  .strict();
export type ApplicationLimit = z.infer<typeof applicationLimitSchema>;

/** A limit as the forms print it: 每 30 天 1 盒. */
export function formatApplicationLimit(limit: Pick<ApplicationLimit, 'quantity' | 'unit' | 'periodDays'>): string {
  return `每 ${limit.periodDays} 天 ${limit.quantity} ${limit.unit}`;
}

/** What the reviewing doctor decides for the 2511 filing: the diagnosis basis filed and the drugs' limits. */
export const dualChannelFilingReviewSchema = z.object({
  diagnosisBasis: z
    .string()
    .trim()
    .min(1)
    .max(300)
    .optional()
    .describe('报送医保的诊断依据（cond_abst）：确认患者填写的内容或改写；审核通过时必填'),
  applicationLimits: z
    .array(applicationLimitSchema)
    .max(20)
    .refine(limits => new Set(limits.map(limit => limit.drugCode)).size === limits.length, '每种药品只能设一个限额')
    .optional()
    .describe('申请限额（appy_lmt），药品需要限额时填写；不填为无限额')
});
export type DualChannelFilingReview = z.infer<typeof dualChannelFilingReviewSchema>;

/** Doctor 1 is the reviewer; doctor 2 (optional) is named by 工号 and looked up in the HIS. */
export const reviewDualChannelApplicationSchema = reviewApplicationSchema
  .extend({
    secondDoctorStaffNo: hisStaffNoSchema.optional().describe('医师2工号（可选，取自 HIS）'),
    ...dualChannelFilingReviewSchema.shape
  })
  .refine(review => review.decision !== 'approve' || review.diagnosisBasis !== undefined, {
    message: '请确认或填写报送医保的诊断依据',
    path: ['diagnosisBasis']
  });
export type ReviewDualChannelApplication = z.infer<typeof reviewDualChannelApplicationSchema>;

export const dualChannelListFilterSchema = applicationListFilterSchema.extend({
  drugCode: drugCodeSchema.optional()
});
export type DualChannelListFilter = z.infer<typeof dualChannelListFilterSchema>;

const drugLineSchema = z.object({ code: z.string(), name: z.string(), specification: z.string().nullable() });
const institutionLineSchema = z.object({ code: z.string(), name: z.string(), poolingAreaCode: z.string() });

export const dualChannelApplicationSummarySchema = applicationSummarySchema.extend({
  drugNames: z.array(z.string())
});

export const dualChannelApplicationDetailSchema = dualChannelApplicationSummarySchema.extend({
  ...applicationDetailFields,
  endDate: z.string().nullable(),
  applicationDate: z.string().describe('申请日期'),
  phone: z
    .string()
    .nullable()
    .describe('患者本人联系电话（脱敏；完整值经 reveal 接口查看并留审计记录；早期申请为 null）'),
  address: z
    .string()
    .nullable()
    .describe('患者本人联系地址（脱敏；完整值经 reveal 接口查看并留审计记录；早期申请为 null）'),
  employerNo: z.string().nullable().describe('患者填写的参保单位编码'),
  proposedDiagnosisBasis: z.string().nullable().describe('患者填写的诊断依据（供医生参考）'),
  diagnosisBasis: z.string().nullable().describe('报送医保的诊断依据（医生审核时确认；审核通过前为 null）'),
  applicationLimits: z.array(applicationLimitSchema).describe('申请限额（医生审核时设定）'),
  drugs: z.array(drugLineSchema),
  institutions: z.array(institutionLineSchema),
  /** Masked: the agent's name, document number, phone and address are personal data. */
  agent: z
    .object({
      name: z.string(),
      documentType: z.string(),
      documentNo: z.string(),
      phone: z.string(),
      relation: z.string(),
      address: z.string().nullable()
    })
    .nullable()
    .describe('代办人（脱敏）'),
  doctor1: filedDoctorSchema.nullable().describe('医师1（审核医生）'),
  doctor2: filedDoctorSchema.nullable().describe('医师2'),
  eform: z.object({ generatedAt: z.string() }).nullable().describe('双通道申请电子表格（生成后）')
});
export type DualChannelApplicationDetail = z.infer<typeof dualChannelApplicationDetailSchema>;

/** 代办人关系 codes the forms offer; anything else is shown as its code. */
export const agentRelationLabels: Record<string, string> = {
  '01': '配偶',
  '02': '子女',
  '03': '父母',
  '04': '其他亲属',
  '99': '其他'
};

export const dualChannelKind = {
  id: 'dual_channel',
  label: '双通道特药',
  applicationNoPrefix: 'SD',
  workflowIdPrefix: 'dual',
  apiPath: '/api/dual-channel-applications',
  apiTag: '双通道特药申请',
  pageSegment: 'dual-channel',
  listColumns: { subject: '药品', institution: '双通道机构' },
  review: {
    by: 'dualChannelGrant',
    deniedMessage: '您没有双通道特药审核权限，请联系医保办开通',
    secondDoctor: true,
    approvalSummary: '医生审核（须有双通道审核权限；通过后生成电子表格并报送医保 2511）'
  },
  documentsBeforeFiling: true,
  medicationRecords: true,
  duplicateMessage: '该就诊人已有同一药品的双通道申请正在办理中',
  schemas: {
    create: createDualChannelApplicationSchema,
    review: reviewDualChannelApplicationSchema,
    listFilter: dualChannelListFilterSchema,
    summary: dualChannelApplicationSummarySchema,
    detail: dualChannelApplicationDetailSchema
  }
} as const satisfies ApplicationKindDefinition;
