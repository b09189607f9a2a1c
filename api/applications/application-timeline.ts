import type { Client } from '@temporalio/client';
import { desc, eq } from 'drizzle-orm';
import type { ApplicationRow } from '../../application-kinds/kind-module';
import type { ApplicationKindDefinition } from '../../domain/application-kinds/kind-definition';
import { chinaParts } from '../../domain/china-time';
import {
  applicationStatusLabels,
  finalApplicationStatuses,
  type ApplicationStatus
} from '../../domain/application-status';
import {
  applicationTimelineSchema,
  infnoLabels,
  type ApplicationWait,
  type TimelineEntry,
  type TimelineSource
} from '../../domain/application-timeline';
import { callOutcomeLabels } from '../../domain/interface-log';
import { applicationStatusHistory } from '../../db/schema';
import type { InterfaceLogFilters, InterfaceLogPage } from '../../yibao/interface-log';
import type { ApiRoutes } from '../route';
import {
  idParamsSchema,
  loadApplicationFor,
  statusHistoryOf,
  type ApplicationActionDependencies
} from './application-actions';
import { readableWorkflowHistory } from './workflow-history';

export interface ApplicationTimelineDependencies extends ApplicationActionDependencies {
  searchInterfaceLog: (filters: InterfaceLogFilters) => Promise<InterfaceLogPage>;
}

interface Timestamp {
  seconds?: unknown;
  nanos?: number | null;
}

function isoOf(time: Timestamp | null | undefined): string | null {
  if (!time?.seconds) return null;
  return new Date(Number(time.seconds) * 1000 + Math.floor((time.nanos ?? 0) / 1e6)).toISOString();
}

const chinaClock = (iso: string) => {
  const { month, day, hour, minute } = chinaParts(new Date(iso));
  return `${month}月${day}日 ${hour}:${minute}`;
};

interface PendingActivity {
  name: string;
  started: boolean;
  attempt: number;
  nextAttemptAt: string | null;
  lastFailure: string | null;
}

/** The workflow's pending activity (the step it is on), or undefined when it waits on a timer or a message. */
async function pendingActivityOf(client: Client, workflowId: string): Promise<PendingActivity | undefined> {
  const description = await client.workflow.getHandle(workflowId).describe();
  const [pending] = description.raw.pendingActivities ?? [];
  if (!pending) return undefined;
  return {
    name: pending.activityType?.name ?? '',
    // PENDING_ACTIVITY_STATE_STARTED = 2.
    started: Number(pending.state) === 2,
    attempt: pending.attempt ?? 1,
    nextAttemptAt: isoOf(pending.nextAttemptScheduleTime),
    lastFailure: pending.lastFailure?.message ?? null
  };
}

const filingLabels: Record<string, string> = {
  fileApplication: '报送医保备案',
  reconcileFiling: '向医保核对报送结果',
  verifyInsuredPerson: '核验参保身份（1101）'
};

/** What the wait line needs to know of the application's kind: who reviews it, what it prints before filing. */
export interface WaitingKind {
  review: Pick<ApplicationKindDefinition['review'], 'by'>;
  /** The title of the documents printed before filing (the dual-channel e-form), if the kind prints any. */
  documentsTitle?: string | undefined;
}

/**
 * What an unfinished application waits for, in words a 医保办 clerk reads at a glance. The step and its
 * retries come from the workflow's pending activity; who acts next comes from the status and the kind's
 * review rule.
 */
export function describeWait(
  kind: WaitingKind,
  application: Pick<ApplicationRow, 'status' | 'department' | 'failureReason' | 'yibaoSyncStatus'>,
  since: string | null,
  pending: PendingActivity | undefined,
  fromWorkflow: boolean
): ApplicationWait | null {
  if (finalApplicationStatuses.includes(application.status)) return null;
  const wait = (summary: string, extra: Partial<ApplicationWait> = {}): ApplicationWait => ({
    summary,
    since,
    nextAttemptAt: null,
    attempt: null,
    lastFailure: null,
    fromWorkflow,
    ...extra
  });
  const retrying = (what: string) =>
    pending && pending.attempt > 1
      ? wait(
          `${what}暂未成功${pending.lastFailure ? `（${pending.lastFailure}）` : ''}，` +
            (pending.started
              ? `正在进行第 ${pending.attempt} 次尝试`
              : pending.nextAttemptAt
                ? `将于 ${chinaClock(pending.nextAttemptAt)} 进行第 ${pending.attempt} 次尝试`
                : `等待第 ${pending.attempt} 次尝试`),
          { attempt: pending.attempt, nextAttemptAt: pending.nextAttemptAt, lastFailure: pending.lastFailure }
        )
      : undefined;
  switch (application.status) {
    case 'submitted':
      return retrying('参保身份核验') ?? wait('正在向医保核验参保身份（1101），通过后进入医生审核');
    case 'under_review':
      return wait(
        kind.review.by === 'dualChannelGrant'
          ? '等待有双通道审核权限的医生审核'
          : `等待${application.department ?? '医保办'}医生审核`
      );
    case 'filing': {
      const step =
        pending?.name === 'generateEform' && kind.documentsTitle
          ? `生成${kind.documentsTitle}`
          : (filingLabels[pending?.name ?? ''] ?? '报送医保备案');
      if (!pending) return wait('报送结果暂不明确，稍后将再次向医保核对，确认前不会重复报送');
      return retrying(step) ?? wait(`正在${step}`);
    }
    case 'filing_failed':
      return wait(
        `报送失败：${application.failureReason ?? '原因未记录'}。等待管理员重新报送` +
          (application.yibaoSyncStatus === 'network_failed' ? '（网络类失败系统每天自动重试一次）' : ''),
        { lastFailure: application.failureReason }
      );
    case 'filed':
      if (pending?.name === 'pollFilingDecision' || pending?.name === 'checkFilingDecision') {
        if (pending.started) return wait('已报送医保，正在查询医保局审核结果', { attempt: pending.attempt });
        return wait(
          `已报送医保，等待医保局审核；已查询 ${Math.max(pending.attempt - 1, 0)} 次` +
            (pending.nextAttemptAt ? `，下次查询 ${chinaClock(pending.nextAttemptAt)}` : ''),
          { attempt: pending.attempt, nextAttemptAt: pending.nextAttemptAt, lastFailure: pending.lastFailure }
        );
      }
      return wait('已报送医保，等待医保局审核');
    case 'no_decision':
      return wait('医保局逾期未反馈审核结果，等待人工跟进（可立即同步状态或撤销备案）');
    default:
      return wait(applicationStatusLabels[application.status]);
  }
}

/**
 * Workflow events already told by the status entries (its own bookkeeping) or meaningless to a clerk
 * (timers); failures of any step are always kept.
 */
const bookkeeping = new Set(['记录状态变更', '记录医生审核']);
const shownWorkflowEvent = (event: { event: string; detail: string }) =>
  ['失败', '超时', '流程失败'].includes(event.event) ||
  (!bookkeeping.has(event.detail) && event.event !== '等待' && event.event !== '定时到达');

const toneOfStatus = (status: ApplicationStatus): TimelineEntry['tone'] =>
  ['filing_failed', 'doctor_rejected', 'rejected', 'no_decision'].includes(status)
    ? 'failed'
    : ['approved', 'filed'].includes(status)
      ? 'success'
      : 'normal';

/**
 * One timeline per application (`GET …/{id}/timeline`, for every kind): status history for everyone who may
 * read the application, the workflow's events for those who may read workflow history, the Yibao calls for
 * those who may read the interface log; and the plain-language line of what it waits for.
 */
export function registerTimelineRoute(
  routes: ApiRoutes,
  options: {
    basePath: string;
    tag: string;
    definition: ApplicationKindDefinition;
    documentsTitle?: string | undefined;
  },
  deps: ApplicationTimelineDependencies
): void {
  const { db } = deps;
  const { definition } = options;
  const waitingKind: WaitingKind = { review: definition.review, documentsTitle: options.documentsTitle };

  async function timeline(row: ApplicationRow, can: { workflow: boolean; yibao: boolean }) {
    const sources: TimelineSource[] = ['status'];
    const history = await statusHistoryOf(db, row.id);
    const entries: TimelineEntry[] = history.map(step => ({
      at: step.at,
      source: 'status',
      title: applicationStatusLabels[step.to],
      detail: step.detail,
      tone: toneOfStatus(step.to),
      actor: step.actor,
      toStatus: step.to,
      call: null
    }));
    const [events, calls, pending] = await Promise.all([
      can.workflow
        ? deps.temporalClient.workflow
            .getHandle(row.workflowId)
            .fetchHistory()
            .then(readableWorkflowHistory)
            .catch(() => undefined)
        : Promise.resolve(undefined),
      can.yibao
        ? deps.searchInterfaceLog({ applicationNo: row.applicationNo, limit: 200 })
        : Promise.resolve(undefined),
      finalApplicationStatuses.includes(row.status)
        ? Promise.resolve(null)
        : pendingActivityOf(deps.temporalClient, row.workflowId).catch(() => null)
    ]);
    if (events) {
      sources.push('workflow');
      for (const event of events.filter(shownWorkflowEvent))
        entries.push({
          at: event.time,
          source: 'workflow',
          title: event.event,
          detail: event.detail,
          tone: ['失败', '超时', '流程失败'].includes(event.event) ? 'failed' : 'normal',
          actor: null,
          toStatus: null,
          call: null
        });
    }
    if (calls) {
      sources.push('yibao');
      for (const call of calls.rows)
        entries.push({
          at: call.calledAt.toISOString(),
          source: 'yibao',
          title: `${call.infno} ${infnoLabels[call.infno] ?? ''}`.trim(),
          detail: `${callOutcomeLabels[call.outcome]}，耗时 ${call.durationMs} ms${call.errMsg ? `：${call.errMsg}` : ''}`,
          tone: call.outcome === 'ok' ? 'normal' : 'failed',
          actor: null,
          toStatus: null,
          call: {
            infno: call.infno,
            infnoLabel: infnoLabels[call.infno] ?? call.infno,
            msgid: call.msgid,
            attempt: call.attempt,
            durationMs: call.durationMs,
            outcome: call.outcome,
            errMsg: call.errMsg,
            requestBody: call.requestBody,
            responseBody: call.responseBody
          }
        });
    }
    const order: Record<TimelineSource, number> = { status: 0, workflow: 1, yibao: 2 };
    entries.sort((a, b) => a.at.localeCompare(b.at) || order[a.source] - order[b.source]);
    const [lastStep] = await db
      .select({ at: applicationStatusHistory.at })
      .from(applicationStatusHistory)
      .where(eq(applicationStatusHistory.applicationId, row.id))
      .orderBy(desc(applicationStatusHistory.at))
      .limit(1);
    const since =
      row.status === 'filed' && row.filedAt
        ? row.filedAt.toISOString()
        : (lastStep?.at.toISOString() ?? row.submittedAt.toISOString());
    return {
      id: row.id,
      applicationNo: row.applicationNo,
      status: row.status,
      statusLabel: applicationStatusLabels[row.status],
      waiting: describeWait(waitingKind, row, since, pending ?? undefined, pending !== null),
      sources,
      entries
    };
  }

  routes.route({
    method: 'get',
    path: `${options.basePath}/:id/timeline`,
    summary: `${definition.label}申请的时间线（状态变更、流程事件、医保调用合并；当前等待事项）`,
    tags: [options.tag],
    access: { signedIn: 'staff', action: 'read', subject: 'Application' },
    params: idParamsSchema,
    response: applicationTimelineSchema,
    errors: { 404: '申请单不存在' },
    handler: async ({ params, user, ability, request }) => {
      const row = await loadApplicationFor(db, user!, ability, params.id, definition.id, 'read', {
        ip: request.ip ?? null
      });
      const can = {
        workflow: ability.can('read', 'WorkflowHistory'),
        yibao: ability.can('read', 'InterfaceLog')
      };
      return { body: await timeline(row, can) };
    }
  });
}
