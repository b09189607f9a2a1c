import proto from '@temporalio/proto';
import type { WorkflowHistoryEntry } from '../../domain/application-timeline';

// A CommonJS package: Node's ESM loader sees only its default export.
const { temporal } = proto;

type History = proto.temporal.api.history.v1.IHistory;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;
const EventType = temporal.api.enums.v1.EventType;

/** What each activity does, in the words the hospital's administrators use. */
const activityLabels: Record<string, string> = {
  recordTransition: '记录状态变更',
  recordReview: '记录医生审核',
  sendReviewReminder: '发送审核提醒',
  verifyInsuredPerson: '参保身份核验（1101）',
  fileApplication: '报送医保备案（2503/2511）',
  reconcileFiling: '核对报送结果（5301/5311）',
  pollFilingDecision: '查询医保局审核结果（5301/5311）',
  checkFilingDecision: '查询医保局审核结果（5301/5311）',
  revokeFiling: '撤销医保备案（2504/2512）'
};

const updateLabels: Record<string, string> = {
  reviewApplication: '医生审核',
  withdrawApplication: '申请人撤回',
  revokeFiling: '撤销备案',
  retryFiling: '重新报送',
  syncFilingStatus: '同步审核状态'
};

function millis(event: HistoryEvent): string {
  const time = event.eventTime;
  const seconds = Number(time?.seconds ?? 0);
  const nanos = time?.nanos ?? 0;
  return new Date(seconds * 1000 + Math.floor(nanos / 1e6)).toISOString();
}

/** Scheduled activities by event id, so completions and failures can name what they finish. */
function activityNames(events: HistoryEvent[]): Map<number, string> {
  const names = new Map<number, string>();
  for (const event of events) {
    const name = event.activityTaskScheduledEventAttributes?.activityType?.name;
    if (name) names.set(Number(event.eventId), name);
  }
  return names;
}

/** The workflow's events as an administrator reads them: time, event, detail. Internal task events are left out. */
export function readableWorkflowHistory(history: History): WorkflowHistoryEntry[] {
  const events = history.events ?? [];
  const activities = activityNames(events);
  const label = (scheduledId: unknown) => {
    const name = activities.get(Number(scheduledId)) ?? '';
    return activityLabels[name] ?? name;
  };
  const entries: WorkflowHistoryEntry[] = [];
  for (const event of events) {
    const base = { eventId: Number(event.eventId), time: millis(event) };
    switch (event.eventType) {
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        entries.push({
          ...base,
          event: '流程启动',
          detail: event.workflowExecutionStartedEventAttributes?.workflowType?.name ?? ''
        });
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        entries.push({ ...base, event: '开始', detail: label(event.eventId) });
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
        entries.push({
          ...base,
          event: '完成',
          detail: label(event.activityTaskCompletedEventAttributes?.scheduledEventId)
        });
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED: {
        const attributes = event.activityTaskFailedEventAttributes;
        entries.push({
          ...base,
          event: '失败',
          detail: `${label(attributes?.scheduledEventId)}：${attributes?.failure?.message ?? ''}`
        });
        break;
      }
      case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
        entries.push({
          ...base,
          event: '超时',
          detail: label(event.activityTaskTimedOutEventAttributes?.scheduledEventId)
        });
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
        entries.push({
          ...base,
          event: '取消',
          detail: label(event.activityTaskCanceledEventAttributes?.scheduledEventId)
        });
        break;
      case EventType.EVENT_TYPE_TIMER_STARTED:
        entries.push({ ...base, event: '等待', detail: `定时器 ${event.timerStartedEventAttributes?.timerId ?? ''}` });
        break;
      case EventType.EVENT_TYPE_TIMER_FIRED:
        entries.push({
          ...base,
          event: '定时到达',
          detail: `定时器 ${event.timerFiredEventAttributes?.timerId ?? ''}`
        });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const name = event.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? '';
        entries.push({ ...base, event: '收到操作', detail: updateLabels[name] ?? name });
        break;
      }
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED:
        entries.push({ ...base, event: '操作完成', detail: '' });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED:
        entries.push({ ...base, event: '流程结束', detail: '' });
        break;
      case EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED:
        entries.push({
          ...base,
          event: '流程失败',
          detail: event.workflowExecutionFailedEventAttributes?.failure?.message ?? ''
        });
        break;
      case EventType.EVENT_TYPE_UPSERT_WORKFLOW_SEARCH_ATTRIBUTES:
        break;
      default:
        break;
    }
  }
  return entries;
}
