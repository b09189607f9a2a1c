import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { ReviewDecision, YibaoSyncStatus } from '../domain/application';
import type { ApplicationStatus } from '../domain/application-status';

/**
 * The messages an application workflow accepts, declared once: the API imports these definitions, so the
 * two sides cannot disagree on a name or a shape.
 */

/** Durations in milliseconds, from the configuration at submission. */
export interface ApplicationWorkflowSettings {
  reviewReminderAfter: number;
  /** How long transient Yibao failures are retried before the filing counts as failed. */
  filingRetryHorizon: number;
  /** How often the bureau's decision is polled. */
  pollInterval: number;
  /** After this long without a decision the application goes to manual follow-up. */
  decisionDeadline: number;
}

export interface ApplicationWorkflowInput {
  applicationId: string;
  settings: ApplicationWorkflowSettings;
  /** The kind prints documents from the approved data before filing (domain/application-kinds). */
  documentsBeforeFiling: boolean;
}

export interface ActorRef {
  /** The account, or absent for the system itself (schedules). */
  userId?: string | undefined;
  /** Shown in the history: staff number or role label, never a patient's personal data. */
  label: string;
}

/** A doctor's decision; the API has checked the doctor's right to review this application. */
export interface ReviewInput {
  reviewer: ActorRef & { userId: string; staffNo: string; staffName: string };
  decision: ReviewDecision;
  opinion: string;
  diagnosis?: string | undefined;
  /** Where the kind's review names one: the second doctor of the filing, looked up in the HIS by the API. */
  secondDoctor?: { staffNo: string; staffName: string } | undefined;
}

export interface ApplicationState {
  status: ApplicationStatus;
  yibaoSyncStatus: YibaoSyncStatus;
  filingSn?: string | undefined;
  failureReason?: string | undefined;
  reviewDecision?: ReviewDecision | undefined;
}

export const reviewApplicationUpdate = defineUpdate<ApplicationState, [ReviewInput]>('reviewApplication');
export const withdrawApplicationUpdate = defineUpdate<ApplicationState, [{ actor: ActorRef }]>('withdrawApplication');
export const revokeFilingUpdate = defineUpdate<ApplicationState, [{ actor: ActorRef; reason: string }]>('revokeFiling');
export const retryFilingUpdate = defineUpdate<ApplicationState, [{ actor: ActorRef }]>('retryFiling');
export const syncFilingStatusUpdate = defineUpdate<ApplicationState, [{ actor: ActorRef }]>('syncFilingStatus');
export const applicationStateQuery = defineQuery<ApplicationState>('applicationState');

/** Stable failure types an update can end with; the API maps each to an HTTP status and a Chinese message. */
export const workflowRejectionTypes = {
  wrongState: 'WrongApplicationState',
  bureauRefused: 'BureauRefused'
} as const;
