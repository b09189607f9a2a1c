import { z } from 'zod';
import {
  applicationListFilterSchema,
  applicationSummarySchema,
  reviewApplicationSchema,
  statusHistoryEntrySchema
} from './chronic-application';
import { applicationKindSchema, reviewDecisionSchema, yibaoSyncStatusSchema } from './application';
import { institutionCodeSchema } from './catalogues';
import { isoDateSchema } from './dates';
import { hisStaffNoSchema } from './his';
import { isValidIdNumber } from './id-number';

/** 中心药品项目编码 (med_list_codg): the bureau's 23-character code, e.g. XL01XEA298A001010105487. */
export const medListCodgSchema = z.string().regex(/^[A-Z][A-Z0-9]{22}$/, '药品编码应为医保中心23位药品项目编码');

/** 统筹区域 (poolarea_no): a 6-digit 医保区划 code; the spec's "日期型" is a slip. */
export const poolareaNoSchema = z.string().regex(/^\d{6}$/, '统筹区域应为6位医保区划代码');

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
export const createSpecialDrugSchema = z.object({ code: medListCodgSchema, ...specialDrugFields }).strict();
export const updateSpecialDrugSchema = z.object({ ...specialDrugFields, valid: z.boolean().optional() }).strict();

/** 双通道定点医药机构 (twopathfixmedins). */
export const dualChannelInstitutionSchema = z.object({
  code: z.string(),
  name: z.string(),
  poolareaNo: z.string(),
  valid: z.boolean()
});
export type DualChannelInstitution = z.infer<typeof dualChannelInstitutionSchema>;

const institutionFields = {
  name: z.string().trim().min(2, '请填写机构名称').max(300),
  poolareaNo: poolareaNoSchema,
  valid: z.boolean().default(true)
};
export const createDualChannelInstitutionSchema = z
  .object({ code: institutionCodeSchema, ...institutionFields })
  .strict();
export const updateDualChannelInstitutionSchema = z
  .object({ ...institutionFields, valid: z.boolean().optional() })
  .strict();

export const catalogueListQuerySchema = z.object({ includeInvalid: z.enum(['true', 'false']).optional() }).strict();

/** 代办人证件类型 as 1101 psn_cert_type: 01 居民身份证 is checked, other documents only by length. */
export const agentSchema = z
  .object({
    name: z.string().trim().min(1, '请填写代办人姓名').max(50),
    certType: z.string().regex(/^\d{2,3}$/, '代办人证件类型不正确'),
    certNo: z.string().trim().min(5).max(30),
    tel: z.string().trim().min(5, '请填写代办人联系方式').max(50),
    /** 代办人关系 code (3 characters at most), e.g. 01 配偶, 02 子女, 03 父母, 99 其他. */
    relation: z.string().regex(/^\w{1,3}$/, '代办人关系代码不正确'),
    addr: z.string().trim().max(200).optional()
  })
  .strict()
  .refine(agent => agent.certType !== '01' || isValidIdNumber(agent.certNo), {
    message: '代办人身份证号码不正确',
    path: ['certNo']
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
    patientId: z.uuid('就诊人不正确'),
    drugCodes: codeList(medListCodgSchema, '药品'),
    institutionCodes: codeList(institutionCodeSchema, '双通道定点医药机构'),
    beginDate: isoDateSchema,
    endDate: isoDateSchema,
    condAbst: z.string().trim().max(300).optional(),
    agent: agentSchema.optional()
  })
  .strict()
  .refine(body => body.endDate >= body.beginDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });
export type CreateDualChannelApplication = z.infer<typeof createDualChannelApplicationSchema>;

/** Doctor 1 is the reviewer; doctor 2 (optional) is named by 工号 and looked up in the HIS. */
export const reviewDualChannelApplicationSchema = reviewApplicationSchema.extend({
  secondDoctorStaffNo: hisStaffNoSchema.optional()
});
export type ReviewDualChannelApplication = z.infer<typeof reviewDualChannelApplicationSchema>;

export const dualChannelListFilterSchema = applicationListFilterSchema
  .omit({ diseaseCode: true })
  .extend({ drugCode: medListCodgSchema.optional() });
export type DualChannelListFilter = z.infer<typeof dualChannelListFilterSchema>;

const drugLineSchema = z.object({ code: z.string(), name: z.string(), specification: z.string().nullable() });
const institutionLineSchema = z.object({ code: z.string(), name: z.string(), poolareaNo: z.string() });
const doctorSchema = z.object({ staffNo: z.string(), name: z.string() });

export const dualChannelApplicationSummarySchema = applicationSummarySchema.extend({
  kind: applicationKindSchema,
  drugNames: z.array(z.string())
});

export const dualChannelApplicationDetailSchema = dualChannelApplicationSummarySchema.extend({
  yibaoSyncStatus: yibaoSyncStatusSchema,
  appyType: z.literal('32'),
  appyDate: z.string(),
  beginDate: z.string(),
  endDate: z.string().nullable(),
  condAbst: z.string().nullable(),
  appyLmt: z.array(z.string()),
  drugs: z.array(drugLineSchema),
  institutions: z.array(institutionLineSchema),
  /** Masked: the agent's name, document number, phone and address are personal data. */
  agent: z
    .object({
      name: z.string(),
      certType: z.string(),
      certNo: z.string(),
      tel: z.string(),
      relation: z.string(),
      addr: z.string().nullable()
    })
    .nullable(),
  doctor1: doctorSchema.nullable(),
  doctor2: doctorSchema.nullable(),
  psnNo: z.string().nullable(),
  insutype: z.string().nullable(),
  insuplcAdmdvs: z.string().nullable(),
  twoPathRegSn: z.string().nullable(),
  reviewDecision: reviewDecisionSchema.nullable(),
  reviewOpinion: z.string().nullable(),
  reviewerName: z.string().nullable(),
  failureReason: z.string().nullable(),
  workflowId: z.string(),
  eform: z.object({ generatedAt: z.string() }).nullable(),
  filedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  statusHistory: z.array(statusHistoryEntrySchema)
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

export const insutypeLabels: Record<string, string> = {
  '310': '职工基本医疗保险',
  '390': '城乡居民基本医疗保险'
};

/** A staff doctor as the permission screen lists them. */
export const doctorPermissionSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  staffNo: z.string().nullable(),
  department: z.string().nullable(),
  title: z.string().nullable(),
  disabled: z.boolean(),
  dualChannelReviewer: z.boolean(),
  grantedAt: z.string().nullable()
});
