/**
 * An application's status as a patient understands it: what it means, what happens next and roughly when,
 * and the four steps of its way (submitted → doctor's review → filed with the bureau → the bureau's decision).
 */
import type { ApplicationKind } from './application-kinds';
import { canTransition, type ApplicationStatus } from '../../../domain/application-status';

export interface StatusWords {
  /** Short, for lists. */
  title: string;
  /** What happens next and roughly when. */
  next: string;
  tone: 'progress' | 'success' | 'problem' | 'ended';
}

export function statusWords(status: ApplicationStatus, kind: ApplicationKind): StatusWords {
  switch (status) {
    case 'submitted':
      return {
        title: '已提交，等待医生审核',
        next: '医院医生一般在1到2个工作日内审核，请留意本页的进度。',
        tone: 'progress'
      };
    case 'under_review':
      return { title: '医生审核中', next: '医生正在审核您的材料，一般1到2个工作日内完成。', tone: 'progress' };
    case 'doctor_rejected':
      return {
        title: '医生审核未通过',
        next: '请看下面的医生意见。按意见补齐材料后，可以重新申请。',
        tone: 'problem'
      };
    case 'filing':
      return {
        title: '正在报送医保局',
        next: '医生已审核通过，系统正在把申请报送到江西省医保局，一般几分钟内完成。',
        tone: 'progress'
      };
    case 'filing_failed':
      return {
        title: '报送医保局暂未成功',
        next: '医院医保办会处理并重新报送，您不用做什么。如有疑问，请到医院医保办咨询。',
        tone: 'problem'
      };
    case 'filed':
      return {
        title: '已报送，等待医保局审核',
        next: '医保局审核需要一些时间（以医保局为准）。有结果后这里会自动更新。',
        tone: 'progress'
      };
    case 'approved':
      return {
        title: '备案成功',
        next:
          kind === 'chronic'
            ? '医保局已审核通过。从开始日期起，您看这个病的门诊费用可以按慢特病待遇报销。'
            : '医保局已审核通过。可以在所选的医院或药店购买申请的药品，按双通道待遇报销。',
        tone: 'success'
      };
    case 'rejected':
      return {
        title: '医保局审核未通过',
        next: '可以到医院医保办了解原因，补充材料后重新申请。',
        tone: 'problem'
      };
    case 'no_decision':
      return {
        title: '医保局暂未给出结果',
        next: '医院医保办正在跟进核实，您不用做什么，有结果后这里会更新。',
        tone: 'progress'
      };
    case 'withdrawn':
      return { title: '已撤回', next: '这份申请已撤回。需要时可以重新申请。', tone: 'ended' };
    case 'revoked':
      return { title: '已撤销备案', next: '这份备案已撤销。需要时可以重新申请。', tone: 'ended' };
  }
}

export type StepState = 'done' | 'current' | 'failed' | 'waiting' | 'skipped';

export interface TimelineStep {
  title: string;
  state: StepState;
  /** When the step was reached (ISO), if it was. */
  at?: string;
  note?: string;
}

interface HistoryEntry {
  to: ApplicationStatus;
  at: string;
}

const stepTitles = ['提交申请', '医生审核', '报送医保局', '医保局审核结果'] as const;

/** Which step (0–3) a status belongs to. */
const stepOfStatus: Record<ApplicationStatus, number> = {
  submitted: 1,
  under_review: 1,
  doctor_rejected: 1,
  filing: 2,
  filing_failed: 2,
  filed: 3,
  no_decision: 3,
  approved: 3,
  rejected: 3,
  withdrawn: -1,
  revoked: 3
};

export function timeline(status: ApplicationStatus, submittedAt: string, history: HistoryEntry[]): TimelineStep[] {
  const reached = (...statuses: ApplicationStatus[]) =>
    [...history].reverse().find(entry => statuses.includes(entry.to))?.at;
  const steps: TimelineStep[] = stepTitles.map(title => ({ title, state: 'waiting' }));
  steps[0] = { title: stepTitles[0], state: 'done', at: submittedAt };

  // A withdrawn application stopped at the step it had reached before.
  const previous = [...history].reverse().find(entry => entry.to !== 'withdrawn' && entry.to !== 'revoked');
  const stepNow = status === 'withdrawn' ? stepOfStatus[previous?.to ?? 'submitted'] : stepOfStatus[status];

  for (let index = 1; index < steps.length; index += 1) {
    const step = steps[index]!;
    if (index < stepNow) {
      step.state = 'done';
      const at = index === 1 ? reached('filing') : index === 2 ? reached('filed') : undefined;
      if (at) step.at = at;
    } else if (index === stepNow) {
      step.state = 'current';
    }
  }

  const current = steps[stepNow];
  if (current) {
    if (status === 'doctor_rejected' || status === 'rejected') {
      current.state = 'failed';
      current.note = '未通过';
      current.at = reached(status) ?? '';
    } else if (status === 'approved') {
      current.state = 'done';
      current.note = '通过';
      current.at = reached('approved') ?? '';
    } else if (status === 'withdrawn') {
      current.state = 'skipped';
      current.note = '已撤回';
      current.at = reached('withdrawn') ?? '';
    } else if (status === 'revoked') {
      current.state = 'skipped';
      current.note = '已撤销备案';
      current.at = reached('revoked') ?? '';
    } else if (status === 'filing_failed') {
      current.note = '医院正在处理';
    }
  }
  for (const step of steps) if (step.at === '') delete step.at;
  if (status === 'withdrawn' || status === 'revoked')
    for (const step of steps) if (step.state === 'waiting') step.state = 'skipped';
  return steps;
}

/** The patient may withdraw before filing starts, and ask to revoke a filing the bureau has not decided. */
export function patientActions(status: ApplicationStatus): { withdraw: boolean; revoke: boolean } {
  return { withdraw: canTransition(status, 'withdrawn'), revoke: canTransition(status, 'revoked') };
}
