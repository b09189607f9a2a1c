import { z } from 'zod';
import { applicationStatusSchema } from './application-status';

/** What an admin can do to many applications at once; each gets its own result. */
export const bulkActions = ['retry-filing', 'sync-status', 'revoke'] as const;
export type BulkAction = (typeof bulkActions)[number];

export const bulkActionLabels: Record<BulkAction, string> = {
  'retry-filing': '重新报送',
  'sync-status': '同步审核状态',
  revoke: '撤销备案'
};

export const bulkMaxApplications = 100;

const idsSchema = z
  .array(z.uuid('申请单编号不正确'))
  .min(1, '请至少选择一份申请单')
  .max(bulkMaxApplications, `一次最多处理${bulkMaxApplications}份申请单`)
  .refine(ids => new Set(ids).size === ids.length, '申请单重复');

export const bulkRequestSchema = z.object({ ids: idsSchema }).strict();
export const bulkRevokeRequestSchema = z
  .object({ ids: idsSchema, reason: z.string().trim().min(1, '请填写撤销原因').max(500) })
  .strict();

export const bulkResultSchema = z.object({
  id: z.uuid(),
  applicationNo: z.string().nullable(),
  ok: z.boolean(),
  status: applicationStatusSchema.nullable(),
  statusLabel: z.string().nullable(),
  /** On failure: the error code and its Chinese message, as the single action would answer. */
  code: z.string().nullable(),
  message: z.string()
});
export type BulkResult = z.infer<typeof bulkResultSchema>;

export const bulkResponseSchema = z.object({
  succeeded: z.number(),
  failed: z.number(),
  results: z.array(bulkResultSchema)
});
export type BulkResponse = z.infer<typeof bulkResponseSchema>;
