import { z } from 'zod';
import { applicationStatusSchema } from './application-status';
import { callOutcomes } from './interface-log';

/**
 * One timeline of an application for staff: its status changes, its workflow's own events and every
 * Yibao call made for it, merged by time. What a caller may not see (workflow events need `read
 * WorkflowHistory`, calls `read InterfaceLog`) is left out, and `sources` says what is in.
 */
/** A workflow event as an administrator reads it. */
export const workflowHistoryEntrySchema = z.object({
  eventId: z.number(),
  time: z.string(),
  event: z.string(),
  detail: z.string()
});
export type WorkflowHistoryEntry = z.infer<typeof workflowHistoryEntrySchema>;

export const timelineSources = ['status', 'workflow', 'yibao'] as const;
export type TimelineSource = (typeof timelineSources)[number];

export const yibaoCallSchema = z.object({
  infno: z.string(),
  infnoLabel: z.string(),
  msgid: z.string().nullable(),
  attempt: z.number(),
  durationMs: z.number(),
  outcome: z.enum(callOutcomes),
  errMsg: z.string().nullable(),
  /** Personal fields masked when the call was logged. */
  requestBody: z.unknown(),
  responseBody: z.unknown()
});
export type YibaoCall = z.infer<typeof yibaoCallSchema>;

export const timelineEntrySchema = z.object({
  at: z.string(),
  source: z.enum(timelineSources),
  title: z.string(),
  detail: z.string(),
  /** `failed` marks what went wrong (a failed activity or call, a refused filing). */
  tone: z.enum(['normal', 'success', 'failed']),
  actor: z.string().nullable(),
  toStatus: applicationStatusSchema.nullable(),
  call: yibaoCallSchema.nullable()
});
export type TimelineEntry = z.infer<typeof timelineEntrySchema>;

/**
 * What an unfinished application waits for, in plain words, read from its workflow (pending activity,
 * its attempt and next retry) and its status; null once the application reached a final state.
 */
export const applicationWaitSchema = z.object({
  summary: z.string(),
  since: z.string().nullable(),
  /** The next retry of a failing step, or the next poll of the bureau. */
  nextAttemptAt: z.string().nullable(),
  attempt: z.number().nullable(),
  lastFailure: z.string().nullable(),
  /** False when the workflow could not be asked (Temporal unreachable): the line is the status alone. */
  fromWorkflow: z.boolean()
});
export type ApplicationWait = z.infer<typeof applicationWaitSchema>;

export const applicationTimelineSchema = z.object({
  id: z.uuid(),
  applicationNo: z.string(),
  status: applicationStatusSchema,
  statusLabel: z.string(),
  waiting: applicationWaitSchema.nullable(),
  sources: z.array(z.enum(timelineSources)),
  entries: z.array(timelineEntrySchema)
});
export type ApplicationTimeline = z.infer<typeof applicationTimelineSchema>;

/** Yibao transactions by infno, in the words the 医保办 uses. */
export const infnoLabels: Record<string, string> = {
  '1101': '人员信息获取',
  '1309': '门诊慢特病病种目录下载',
  '1901': '字典表查询',
  '2503': '人员慢特病备案',
  '2504': '人员慢特病备案撤销',
  '2511': '双通道特药备案',
  '2512': '双通道特药备案撤销',
  '2601': '冲正交易',
  '5205': '人员慢特病用药记录查询',
  '5301': '人员慢特病备案查询',
  '5311': '双通道特药备案查询',
  '9001': '签到',
  '9002': '签退',
  '9102': '文件下载'
};
