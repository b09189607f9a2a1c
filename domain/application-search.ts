import { z } from 'zod';
import { applicationKindSchema, yibaoSyncStatusSchema } from './application';
import { applicationStatusSchema } from './application-status';
import { isoDateSchema } from './dates';

/**
 * The staff lists across the registered application kinds (console, `POST /api/applications/search`):
 * every filter of the 医保办's work, server-side sorting and paging; one kind, or every kind when `kind` is
 * left out. Sent in a request body, so ID numbers and names never appear in a URL.
 */
export const applicationSortFields = ['submittedAt', 'updatedAt', 'filedAt', 'applicationNo', 'status'] as const;

export const applicationSearchFilterSchema = z
  .object({
    kind: applicationKindSchema.optional(),
    statuses: z.array(applicationStatusSchema).max(11).optional(),
    yibaoSyncStatuses: z.array(yibaoSyncStatusSchema).max(10).optional(),
    /** What the application is for, as its kind names it (`listColumns.subject`): a 病种 or a 药品 code. */
    subjectCode: z.string().trim().min(1).max(30).optional(),
    department: z.string().trim().min(1).max(50).optional(),
    /** Where, as its kind names it (`listColumns.institution`): a 鉴定 or a 双通道 institution code. */
    institutionCode: z.string().trim().min(1).max(30).optional(),
    /** Submitted on or after / on or before these China dates. */
    from: isoDateSchema.optional(),
    to: isoDateSchema.optional(),
    /** Filed with the bureau before this instant (awaiting a decision for too long). */
    filedBefore: z.iso.datetime({ offset: true }).optional(),
    applicationNo: z.string().trim().min(1).max(20).optional(),
    /** The patient's ID number, matched through its blind index. */
    idNo: z.string().trim().min(15).max(18).optional(),
    sort: z.enum(applicationSortFields).default('submittedAt'),
    order: z.enum(['asc', 'desc']).default('desc'),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    pageSize: z.coerce.number().int().min(1).max(100).default(20)
  })
  .strict();
export type ApplicationSearchFilter = z.infer<typeof applicationSearchFilterSchema>;
export type ApplicationSearchInput = z.input<typeof applicationSearchFilterSchema>;

/** One list row: personal data masked. */
export const applicationListRowSchema = z.object({
  id: z.uuid(),
  kind: applicationKindSchema,
  applicationNo: z.string(),
  status: applicationStatusSchema,
  statusLabel: z.string(),
  yibaoSyncStatus: yibaoSyncStatusSchema,
  patientId: z.uuid(),
  patientName: z.string().describe('脱敏姓名'),
  patientIdNo: z.string().describe('脱敏身份证号'),
  /** What the application is for (病种名称, the drug names …), in its kind's `listColumns.subject`. */
  subject: z.string(),
  department: z.string().nullable(),
  /** Where (the assessing institution, the dispensing institutions …), in its kind's `listColumns.institution`. */
  institutionName: z.string(),
  reviewerName: z.string().nullable(),
  failureReason: z.string().nullable(),
  submittedAt: z.string(),
  updatedAt: z.string(),
  filedAt: z.string().nullable()
});
export type ApplicationListRow = z.infer<typeof applicationListRowSchema>;

export const applicationListPageSchema = z.object({
  items: z.array(applicationListRowSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number()
});
export type ApplicationListPage = z.infer<typeof applicationListPageSchema>;

/** An export is the filter without paging, at most this many rows. */
export const applicationExportLimit = 10_000;
export const applicationExportFilterSchema = applicationSearchFilterSchema.omit({ page: true, pageSize: true });

export const yibaoSyncStatusLabels: Record<z.infer<typeof yibaoSyncStatusSchema>, string> = {
  not_sent: '未报送',
  person_verified: '参保身份已核验',
  person_invalid: '参保身份核验未通过',
  sending: '报送中',
  network_failed: '网络失败',
  business_failed: '医保返回失败',
  ambiguous: '结果待核实',
  sent: '已报送',
  decided: '医保局已审核',
  revoked: '已撤销'
};

/** A doctor's or admin's action answered with the application's new state. */
export const applicationStateSchema = z.object({
  id: z.uuid(),
  applicationNo: z.string(),
  status: applicationStatusSchema,
  statusLabel: z.string()
});
export type ApplicationState = z.infer<typeof applicationStateSchema>;
