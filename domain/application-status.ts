import { z } from 'zod';

/**
 * The life of a chronic-disease or dual-channel application, shared by the API, the workflows, the console
 * and the mini-program. The bureau's review is asynchronous: `filed` means the platform accepted the filing
 * and returned its serial number; `approved` / `rejected` are the bureau's decision.
 */
export const applicationStatuses = [
  'submitted',
  'under_review',
  'doctor_rejected',
  'filing',
  'filing_failed',
  'filed',
  'approved',
  'rejected',
  'no_decision',
  'withdrawn',
  'revoked'
] as const;

export const applicationStatusSchema = z.enum(applicationStatuses);
export type ApplicationStatus = z.infer<typeof applicationStatusSchema>;

export const applicationStatusLabels: Record<ApplicationStatus, string> = {
  submitted: '已提交',
  under_review: '医生审核中',
  doctor_rejected: '医生审核未通过',
  filing: '正在报送医保',
  filing_failed: '报送医保失败',
  filed: '已报送医保，待医保局审核',
  approved: '医保局备案通过',
  rejected: '医保局备案未通过',
  no_decision: '医保局逾期未反馈，人工跟进',
  withdrawn: '已撤回',
  revoked: '已撤销备案'
};

/** The only moves an application may make; everything else is refused with a 409. */
export const allowedStatusTransitions: Record<ApplicationStatus, readonly ApplicationStatus[]> = {
  // The 1101 person check runs before review; an identity problem is a failed Yibao step.
  submitted: ['under_review', 'filing_failed', 'withdrawn'],
  under_review: ['doctor_rejected', 'filing', 'withdrawn'],
  doctor_rejected: [],
  filing: ['filed', 'filing_failed'],
  // A failed filing can be retried by an admin or the daily schedule.
  filing_failed: ['filing', 'under_review', 'withdrawn'],
  filed: ['approved', 'rejected', 'no_decision', 'revoked'],
  approved: [],
  rejected: [],
  // Manual follow-up may still find the bureau's decision, or revoke the filing.
  no_decision: ['approved', 'rejected', 'revoked'],
  withdrawn: [],
  revoked: []
};

export function canTransition(from: ApplicationStatus, to: ApplicationStatus): boolean {
  return allowedStatusTransitions[from].includes(to);
}

export class StatusTransitionError extends Error {
  readonly code = 'INVALID_STATUS_TRANSITION';
  constructor(
    readonly from: ApplicationStatus,
    readonly to: ApplicationStatus
  ) {
    super(`申请单状态为「${applicationStatusLabels[from]}」，不能变更为「${applicationStatusLabels[to]}」`);
    this.name = 'StatusTransitionError';
  }
}

export function assertTransition(from: ApplicationStatus, to: ApplicationStatus): void {
  if (!canTransition(from, to)) throw new StatusTransitionError(from, to);
}

export const finalApplicationStatuses: readonly ApplicationStatus[] = applicationStatuses.filter(
  status => allowedStatusTransitions[status].length === 0
);

/** Still in progress: a second application of the patient for the same thing is refused (the bureau would too). */
export const openApplicationStatuses: readonly ApplicationStatus[] = applicationStatuses.filter(
  status => !finalApplicationStatuses.includes(status)
);
