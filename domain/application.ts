import { z } from 'zod';

export const applicationKinds = ['chronic', 'dual_channel'] as const;
export const applicationKindSchema = z.enum(applicationKinds);
export type ApplicationKind = z.infer<typeof applicationKindSchema>;

export const applicationKindLabels: Record<ApplicationKind, string> = {
  chronic: '门诊慢特病',
  dual_channel: '双通道特药'
};

/** Readable application numbers: `MT` (慢特) or `SD` (双通道) + yyyyMMdd + 6-digit daily sequence. */
export const applicationNoPrefixes: Record<ApplicationKind, string> = { chronic: 'MT', dual_channel: 'SD' };

export function formatApplicationNo(kind: ApplicationKind, yyyymmdd: string, sequence: number): string {
  return `${applicationNoPrefixes[kind]}${yyyymmdd}${String(sequence).padStart(6, '0')}`;
}

export const applicationNoSchema = z.string().regex(/^(MT|SD)\d{14}$/, '申请单号格式不正确');

export const workflowIdPrefixes: Record<ApplicationKind, string> = { chronic: 'chronic', dual_channel: 'dual' };

export function applicationWorkflowId(kind: ApplicationKind, applicationNo: string): string {
  return `${workflowIdPrefixes[kind]}-${applicationNo}`;
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
