import { z } from 'zod';
import { applicationStatusSchema } from './application-status';
import { isoDateSchema } from './dates';

/**
 * What every application kind shares: its identifier, the Yibao side of its life, the review, the list
 * filters and the summary and detail fields. Each kind adds its own in domain/application-kinds/.
 */

/** A registered kind's identifier (`chronic`, `dual_channel`, …); see domain/application-kinds/registry.ts. */
export type ApplicationKind = string;

export const applicationKindSchema = z
  .string()
  .describe('申请类别：chronic 门诊慢特病，dual_channel 双通道特药（以种类注册表为准）');

/** Readable application numbers: the kind's two-letter prefix + yyyyMMdd + 6-digit daily sequence. */
export function formatApplicationNo(prefix: string, yyyymmdd: string, sequence: number): string {
  return `${prefix}${yyyymmdd}${String(sequence).padStart(6, '0')}`;
}

export const applicationNoSchema = z.string().regex(/^[A-Z]{2}\d{14}$/, '申请单号格式不正确');

export function applicationWorkflowId(kind: { workflowIdPrefix: string }, applicationNo: string): string {
  return `${kind.workflowIdPrefix}-${applicationNo}`;
}

/** Where the Yibao side of an application stands, for the statistics and the daily retry of network failures. */
export const yibaoSyncStatuses = [
  'not_sent',
  'person_verified',
  'person_invalid',
  'sending',
  'network_failed',
  'business_failed',
  'ambiguous',
  'sent',
  'decided',
  'revoked'
] as const;
export const yibaoSyncStatusSchema = z.enum(yibaoSyncStatuses);
export type YibaoSyncStatus = z.infer<typeof yibaoSyncStatusSchema>;

export const reviewDecisionSchema = z.enum(['approve', 'reject']);
export type ReviewDecision = z.infer<typeof reviewDecisionSchema>;

export const mobilePhoneSchema = z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号');

/** The fields every kind's create body starts with. */
export const applicationPeriodFields = {
  patientId: z.uuid('就诊人不正确'),
  beginDate: isoDateSchema.describe('备案开始日期'),
  endDate: isoDateSchema.optional().describe('备案结束日期')
};

export const reviewApplicationSchema = z
  .object({
    decision: reviewDecisionSchema,
    opinion: z.string().trim().min(1, '请填写审核意见').max(500),
    diagnosis: z.string().trim().max(300).optional()
  })
  .strict();
export type ReviewApplication = z.infer<typeof reviewApplicationSchema>;
/** The review body of every kind; `secondDoctorStaffNo` only where the kind's review names a second doctor. */
export type ApplicationReview = ReviewApplication & { secondDoctorStaffNo?: string | undefined };

export const revokeApplicationSchema = z
  .object({ reason: z.string().trim().min(1, '请填写撤销原因').max(500) })
  .strict();

const pageSchema = z.coerce.number().int().min(1).max(10_000).default(1);
const pageSizeSchema = z.coerce.number().int().min(1).max(100).default(20);

/** List filters every kind shares. Personal filters (name, ID number) are better sent in the body of the search route. */
export const applicationListFilterSchema = z
  .object({
    status: applicationStatusSchema.optional(),
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    applicationNo: z.string().max(20).optional(),
    patientName: z.string().trim().min(1).max(50).optional(),
    idNo: z.string().trim().min(15).max(18).optional(),
    page: pageSchema,
    pageSize: pageSizeSchema
  })
  .strict();
export type ApplicationListFilter = z.infer<typeof applicationListFilterSchema>;

export const statusHistoryEntrySchema = z.object({
  from: applicationStatusSchema.nullable(),
  to: applicationStatusSchema,
  detail: z.string(),
  actor: z.string().nullable(),
  at: z.string()
});

export const applicationSummarySchema = z.object({
  id: z.uuid(),
  kind: applicationKindSchema,
  applicationNo: z.string(),
  status: applicationStatusSchema,
  statusLabel: z.string(),
  patientId: z.uuid(),
  patientName: z.string().describe('患者姓名（脱敏）'),
  patientIdNo: z.string().describe('患者身份证号（脱敏）'),
  submittedAt: z.string(),
  updatedAt: z.string()
});

/** A doctor as filed with the bureau: 工号 and name, both from the HIS. */
export const filedDoctorSchema = z.object({ staffNo: z.string(), name: z.string() });
export type FiledDoctor = z.infer<typeof filedDoctorSchema>;

/** The detail fields every kind shares, on top of its summary. */
export const applicationDetailFields = {
  yibaoSyncStatus: yibaoSyncStatusSchema,
  beginDate: z.string(),
  endDate: z.string().nullable(),
  insuredPersonNo: z.string().nullable().describe('医保人员编号（参保身份核验后）'),
  insuranceType: z.string().nullable().describe('险种类型，如 310 职工基本医疗保险、390 城乡居民基本医疗保险'),
  insuredAreaCode: z.string().nullable().describe('参保地医保区划（6位）'),
  filingSn: z.string().nullable().describe('医保备案业务流水号（报送受理后）'),
  reviewDecision: reviewDecisionSchema.nullable(),
  reviewOpinion: z.string().nullable(),
  reviewerName: z.string().nullable(),
  failureReason: z.string().nullable(),
  workflowId: z.string(),
  filedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  statusHistory: z.array(statusHistoryEntrySchema)
};

export const insuranceTypeLabels: Record<string, string> = {
  '310': '职工基本医疗保险',
  '390': '城乡居民基本医疗保险'
};
