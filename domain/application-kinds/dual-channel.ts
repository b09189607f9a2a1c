import { z } from 'zod';
import {
  applicationDetailFields,
  applicationListFilterSchema,
  applicationPeriodFields,
  applicationSummarySchema,
  filedDoctorSchema,
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

/** What a patient (or an agent on the patient's behalf) submits; 申请类型 is always 32 and not asked. */
export const createDualChannelApplicationSchema = z
  .object({
    ...applicationPeriodFields,
    endDate: isoDateSchema.describe('备案结束日期'),
    drugCodes: codeList(drugCodeSchema, '药品').describe('申请的特药（中心药品项目编码）'),
    institutionCodes: codeList(institutionCodeSchema, '双通道定点医药机构').describe('选定的双通道定点医药机构'),
    diagnosisBasis: z.string().trim().max(300).optional().describe('诊断依据'),
    agent: agentSchema.optional()
  })
  .strict()
  .refine(body => body.endDate >= body.beginDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });
export type CreateDualChannelApplication = z.infer<typeof createDualChannelApplicationSchema>;

/** Doctor 1 is the reviewer; doctor 2 (optional) is named by 工号 and looked up in the HIS. */
export const reviewDualChannelApplicationSchema = reviewApplicationSchema.extend({
  secondDoctorStaffNo: hisStaffNoSchema.optional().describe('医师2工号（可选，取自 HIS）')
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
  diagnosisBasis: z.string().nullable().describe('诊断依据'),
  applicationLimits: z.array(z.string()).describe('申请限定'),
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
