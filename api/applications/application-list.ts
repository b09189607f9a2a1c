import { subject } from '@casl/ability';
import type { Request } from 'express';
import { and, eq, gte, lt, type SQL } from 'drizzle-orm';
import type { AppAbility, SessionUser } from '../../domain/abilities';
import type { ApplicationKind, ReviewDecision } from '../../domain/application';
import { applicationStatusLabels } from '../../domain/application-status';
import type { ApplicationListFilter } from '../../domain/chronic-application';
import type { FieldCrypto } from '../../crypto/field-encryption';
import { applications, patients } from '../../db/schema';
import type { HisAdapter } from '../../his/his-adapter';
import { reviewApplicationUpdate, type ReviewInput } from '../../workflows/messages';
import { ApiError, forbidden } from '../errors';
import {
  actorOf,
  auditOf,
  loadApplicationFor,
  type ApplicationActionDependencies,
  type ApplicationRow
} from './application-actions';
import { sendApplicationUpdate } from './workflow-calls';

/** The list filters every application kind shares (status, number, dates, and blind-indexed name / ID). */
export function commonApplicationFilters(
  fieldCrypto: FieldCrypto,
  filter: Omit<ApplicationListFilter, 'diseaseCode'>
): SQL[] {
  const conditions: SQL[] = [];
  if (filter.status) conditions.push(eq(applications.status, filter.status));
  if (filter.applicationNo) conditions.push(eq(applications.applicationNo, filter.applicationNo));
  if (filter.from) conditions.push(gte(applications.submittedAt, new Date(`${filter.from}T00:00:00+08:00`)));
  if (filter.to)
    conditions.push(
      lt(applications.submittedAt, new Date(new Date(`${filter.to}T00:00:00+08:00`).getTime() + 86_400_000))
    );
  if (filter.idNo) conditions.push(eq(patients.idNoBlind, fieldCrypto.blindIndex('id-number', filter.idNo)));
  if (filter.patientName) conditions.push(eq(patients.nameBlind, fieldCrypto.blindIndex('name', filter.patientName)));
  return conditions;
}

/** The summary fields of a list row every kind shares; personal data masked. */
export function applicationSummaryOf(application: ApplicationRow, patient: { nameMasked: string; idNoMasked: string }) {
  return {
    id: application.id,
    kind: application.kind,
    applicationNo: application.applicationNo,
    status: application.status,
    statusLabel: applicationStatusLabels[application.status],
    patientId: application.patientId,
    patientName: patient.nameMasked,
    patientIdNo: patient.idNoMasked,
    submittedAt: application.submittedAt.toISOString(),
    updatedAt: application.updatedAt.toISOString()
  };
}

export interface ReviewRequest {
  user: SessionUser;
  ability: AppAbility;
  request: Request;
  id: string;
  kind: ApplicationKind;
  body: { decision: ReviewDecision; opinion: string; diagnosis?: string | undefined };
  /** Dual-channel: doctor 2, already looked up in the HIS. */
  secondDoctor?: ReviewInput['secondDoctor'];
}

/**
 * A doctor's review of any kind: the reviewer must be allowed on this row (for dual-channel applications
 * that means the admin's grant) and be an active doctor in the HIS, whose 工号 and name are what is filed.
 */
export async function reviewApplication(
  deps: ApplicationActionDependencies & { his: HisAdapter },
  review: ReviewRequest
) {
  const { user, ability, request } = review;
  const denied = async (id: string) => {
    await deps.audit(auditOf(user, request, 'review', { type: 'application', id }, 'denied'));
    return forbidden(
      review.kind === 'dual_channel' ? '您没有双通道特药审核权限，请联系医保办开通' : '您无权审核该申请单'
    );
  };
  let row: ApplicationRow;
  try {
    row = await loadApplicationFor(deps.db, user, ability, review.id, review.kind, 'read');
  } catch (error) {
    // A doctor without the dual-channel grant cannot see these applications, but is told why the review
    // is refused rather than that the application does not exist: the grant is what is missing.
    if (
      error instanceof ApiError &&
      error.status === 404 &&
      review.kind === 'dual_channel' &&
      user.roles.includes('doctor')
    ) {
      const [exists] = await deps.db
        .select({ id: applications.id })
        .from(applications)
        .where(and(eq(applications.id, review.id), eq(applications.kind, 'dual_channel')));
      if (exists) throw await denied(exists.id);
    }
    throw error;
  }
  const allowed = ability.can('review', subject('Application', { ...row }));
  if (!allowed || !user.staffNo) throw await denied(row.id);
  // The diagnosing doctor comes from the HIS, never from what was typed.
  const doctor = await deps.his.getDoctor(user.staffNo);
  if (!doctor?.active) throw forbidden('HIS 中未找到您的在职医生信息，不能审核');
  try {
    const state = await sendApplicationUpdate(deps.temporalClient, row, '审核', reviewApplicationUpdate, {
      reviewer: { ...actorOf(user), staffNo: doctor.staffNo, staffName: doctor.name },
      decision: review.body.decision,
      opinion: review.body.opinion,
      diagnosis: review.body.diagnosis,
      ...(review.secondDoctor ? { secondDoctor: review.secondDoctor } : {}),
      reviewerAllowed: allowed
    });
    await deps.audit(
      auditOf(user, request, 'review', { type: 'application', id: row.id }, 'success', {
        decision: review.body.decision
      })
    );
    return {
      id: row.id,
      applicationNo: row.applicationNo,
      status: state.status,
      statusLabel: applicationStatusLabels[state.status]
    };
  } catch (error) {
    if (error instanceof ApiError) {
      await deps.audit(auditOf(user, request, 'review', { type: 'application', id: row.id }, 'failure'));
    }
    throw error;
  }
}
