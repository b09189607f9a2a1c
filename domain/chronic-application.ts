import { z } from 'zod';
import { applicationKindSchema, reviewDecisionSchema, yibaoSyncStatusSchema } from './application';
import { applicationStatusSchema } from './application-status';
import { attachmentSummarySchema } from './attachments';
import { isoDateSchema } from './dates';

export const mobilePhoneSchema = z.string().regex(/^1[3-9]\d{9}$/, '请输入11位手机号');

/** What a patient submits; anything else (status, reviewer, owner…) is refused, not ignored. */
export const createChronicApplicationSchema = z
  .object({
    patientId: z.uuid('就诊人不正确'),
    diseaseCode: z.string().trim().min(1).max(30),
    institutionCode: z.string().trim().min(1).max(30),
    phone: mobilePhoneSchema,
    address: z.string().trim().min(2, '请填写联系地址').max(200),
    beginDate: isoDateSchema,
    endDate: isoDateSchema.optional(),
    attachmentIds: z.array(z.uuid()).max(10).optional()
  })
  .strict()
  .refine(body => !body.endDate || body.endDate >= body.beginDate, {
    message: '结束日期不能早于开始日期',
    path: ['endDate']
  });
export type CreateChronicApplication = z.infer<typeof createChronicApplicationSchema>;

export const reviewApplicationSchema = z
  .object({
    decision: reviewDecisionSchema,
    opinion: z.string().trim().min(1, '请填写审核意见').max(500),
    diagnosis: z.string().trim().max(300).optional()
  })
  .strict();
export type ReviewApplication = z.infer<typeof reviewApplicationSchema>;

export const revokeApplicationSchema = z
  .object({ reason: z.string().trim().min(1, '请填写撤销原因').max(500) })
  .strict();

const pageSchema = z.coerce.number().int().min(1).max(10_000).default(1);
const pageSizeSchema = z.coerce.number().int().min(1).max(100).default(20);

/** List filters. Personal filters (name, ID number) are better sent in the body of the search route. */
export const applicationListFilterSchema = z
  .object({
    status: applicationStatusSchema.optional(),
    diseaseCode: z.string().max(30).optional(),
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
  patientName: z.string(),
  patientIdNo: z.string(),
  submittedAt: z.string(),
  updatedAt: z.string()
});

export const chronicApplicationSummarySchema = applicationSummarySchema.extend({
  diseaseCode: z.string(),
  diseaseName: z.string()
});

export const chronicApplicationDetailSchema = chronicApplicationSummarySchema.extend({
  yibaoSyncStatus: yibaoSyncStatusSchema,
  institutionCode: z.string(),
  institutionName: z.string(),
  phone: z.string().describe('联系电话（脱敏）'),
  address: z.string().describe('联系地址（脱敏；完整值经 reveal 接口查看并留审计记录）'),
  beginDate: z.string(),
  endDate: z.string().nullable(),
  hospIdeDate: z.string().nullable(),
  diagDrCodg: z.string().nullable(),
  diagDrName: z.string().nullable(),
  psnNo: z.string().nullable(),
  insutype: z.string().nullable(),
  insuplcAdmdvs: z.string().nullable(),
  trtDclaDetlSn: z.string().nullable(),
  reviewDecision: reviewDecisionSchema.nullable(),
  reviewOpinion: z.string().nullable(),
  reviewerName: z.string().nullable(),
  failureReason: z.string().nullable(),
  workflowId: z.string(),
  filedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  statusHistory: z.array(statusHistoryEntrySchema),
  /** The materials uploaded with the application (diagnosis proof, discharge summary…). */
  attachments: z.array(attachmentSummarySchema)
});
export type ChronicApplicationDetail = z.infer<typeof chronicApplicationDetailSchema>;

/** One line of the insured person's medication records (Yibao 5205), shown to the reviewing doctor. */
export const medicationRecordSchema = z.object({
  feeOcurTime: z.string(),
  fixmedinsName: z.string(),
  medListCodg: z.string(),
  hilistName: z.string(),
  spec: z.string(),
  cnt: z.number(),
  pric: z.number()
});
export type MedicationRecord = z.infer<typeof medicationRecordSchema>;
