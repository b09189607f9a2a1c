import { Context } from '@temporalio/activity';
import { eq } from 'drizzle-orm';
import type { YibaoSyncStatus } from '../domain/application';
import type { ApplicationStatus } from '../domain/application-status';
import type { Database } from '../db/connection';
import { applicationStatusHistory, applications, notifications } from '../db/schema';
import type { FieldCipher } from '../application-kinds/kind-module';
import { applicationKindModule } from '../application-kinds/registry';

export interface RecordTransitionInput {
  applicationId: string;
  /** Unique per step of one workflow run: a retried or replayed write lands once. */
  eventKey: string;
  from: ApplicationStatus;
  to: ApplicationStatus;
  detail: string;
  actorUserId?: string | undefined;
  actorLabel?: string | undefined;
  yibaoSyncStatus: YibaoSyncStatus;
  fields?: { filingSn?: string | undefined; failureReason?: string | undefined } | undefined;
}

export interface RecordReviewInput {
  applicationId: string;
  reviewerUserId: string;
  reviewerStaffNo: string;
  reviewerName: string;
  decision: 'approve' | 'reject';
  opinion: string;
  diagnosis?: string | undefined;
  /** Where the kind's review names one: doctor 2 of the filing, taken from the HIS by the API. */
  secondDoctor?: { staffNo: string; staffName: string } | undefined;
}

export interface ProjectionDependencies {
  db: Database;
  /** Encrypts the reviewing doctor's diagnosis text before it is stored. */
  cipher: FieldCipher;
}

const decidedStatuses: ApplicationStatus[] = ['approved', 'rejected'];

/** Activities that mirror the workflow's steps into the application row, idempotently. */
export function createProjectionActivities(deps: ProjectionDependencies) {
  return {
    async recordTransition(input: RecordTransitionInput): Promise<void> {
      await deps.db.transaction(async tx => {
        const inserted = await tx
          .insert(applicationStatusHistory)
          .values({
            applicationId: input.applicationId,
            eventKey: input.eventKey,
            fromStatus: input.from,
            toStatus: input.to,
            detail: input.detail,
            actorAccountId: input.actorUserId,
            actorLabel: input.actorLabel
          })
          .onConflictDoNothing({ target: applicationStatusHistory.eventKey })
          .returning({ at: applicationStatusHistory.at });
        const step = inserted[0];
        if (!step) return;
        await tx
          .update(applications)
          .set({
            status: input.to,
            yibaoSyncStatus: input.yibaoSyncStatus,
            ...(input.fields?.filingSn !== undefined ? { filingSn: input.fields.filingSn } : {}),
            ...(input.fields && 'failureReason' in input.fields
              ? { failureReason: input.fields.failureReason ?? null }
              : {}),
            ...(input.to === 'filed' ? { filedAt: step.at } : {}),
            ...(decidedStatuses.includes(input.to) ? { decidedAt: step.at } : {}),
            updatedAt: step.at
          })
          .where(eq(applications.id, input.applicationId));
      });
    },

    /** The doctor's decision on the row; the kind stores what an approval means for its filing. */
    async recordReview(input: RecordReviewInput): Promise<void> {
      const reviewedAt = new Date();
      const [row] = await deps.db
        .select({ kind: applications.kind })
        .from(applications)
        .where(eq(applications.id, input.applicationId));
      if (!row) return;
      const kind = applicationKindModule(row.kind);
      await deps.db.transaction(async tx => {
        await kind.recordReview(
          tx,
          {
            applicationId: input.applicationId,
            reviewerStaffNo: input.reviewerStaffNo,
            reviewerName: input.reviewerName,
            decision: input.decision,
            secondDoctor: input.secondDoctor
              ? { staffNo: input.secondDoctor.staffNo, name: input.secondDoctor.staffName }
              : undefined
          },
          reviewedAt
        );
        await tx
          .update(applications)
          .set({
            reviewerAccountId: input.reviewerUserId,
            reviewerStaffNo: input.reviewerStaffNo,
            reviewerName: input.reviewerName,
            reviewDecision: input.decision,
            reviewOpinion: input.opinion,
            diagnosisEnc: input.diagnosis ? deps.cipher.encrypt(input.diagnosis) : null,
            reviewedAt,
            updatedAt: reviewedAt
          })
          .where(eq(applications.id, input.applicationId));
      });
    },

    /** A notice to the reviewing doctors that an application has waited long; keyed by the activity. */
    async sendReviewReminder(input: { applicationId: string }): Promise<void> {
      const info = Context.current().info;
      const [row] = await deps.db
        .select({ applicationNo: applications.applicationNo, department: applications.department })
        .from(applications)
        .where(eq(applications.id, input.applicationId));
      if (!row) return;
      await deps.db
        .insert(notifications)
        .values({
          eventKey: `${info.workflowExecution?.workflowId ?? 'standalone'}:${info.workflowExecution?.runId ?? ''}:${info.activityId}`,
          recipientRole: 'doctor',
          applicationId: input.applicationId,
          message: `申请单 ${row.applicationNo} 等待医生审核已超时，请尽快处理`
        })
        .onConflictDoNothing({ target: notifications.eventKey });
    }
  };
}
