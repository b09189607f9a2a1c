import { subject } from '@casl/ability';
import type { Request } from 'express';
import { and, eq } from 'drizzle-orm';
import type { ApplicationKindDefinition } from '../../domain/application-kinds/kind-definition';
import type { AppAbility, SessionUser } from '../../domain/abilities';
import type { ApplicationReview } from '../../domain/application';
import { applicationStatusLabels } from '../../domain/application-status';
import { applications } from '../../db/schema';
import type { HisAdapter } from '../../his/his-adapter';
import { reviewApplicationUpdate } from '../../workflows/messages';
import { auditOf } from '../audit/audit-log';
import { ApiError, badRequest, forbidden } from '../errors';
import { actorOf, loadApplicationFor, type ApplicationActionDependencies } from './application-actions';
import { sendApplicationUpdate } from './workflow-calls';

export interface ReviewRequest {
  user: SessionUser;
  ability: AppAbility;
  request: Request;
  id: string;
  body: ApplicationReview;
}

/**
 * A doctor's review of any kind: the reviewer must be allowed on this row (by department, or by the grant
 * for kinds reviewed with it) and be an active doctor in the HIS, whose 工号 and name are what is filed.
 * A kind whose review names a second doctor has them looked up in the HIS too.
 */
export async function reviewApplication(
  kind: ApplicationKindDefinition,
  deps: ApplicationActionDependencies & { his: HisAdapter },
  review: ReviewRequest
) {
  const { user, ability, request, body } = review;
  const target = (id: string) => ({ type: 'application' as const, id });
  const denied = async (id: string) => {
    await deps.audit(auditOf(user, request, 'review', target(id), 'denied'));
    return forbidden(kind.review.deniedMessage);
  };
  let row;
  try {
    row = await loadApplicationFor(deps.db, user, ability, review.id, kind.id, 'read');
  } catch (error) {
    // A doctor without the grant cannot see these applications, but is told why the review is refused
    // rather than that the application does not exist: the grant is what is missing.
    if (
      error instanceof ApiError &&
      error.status === 404 &&
      kind.review.by === 'dualChannelGrant' &&
      user.roles.includes('doctor')
    ) {
      const [exists] = await deps.db
        .select({ id: applications.id })
        .from(applications)
        .where(and(eq(applications.id, review.id), eq(applications.kind, kind.id)));
      if (exists) throw await denied(exists.id);
    }
    throw error;
  }
  if (!ability.can('review', subject('Application', { ...row })) || !user.staffNo) throw await denied(row.id);
  let secondDoctor: { staffNo: string; staffName: string } | undefined;
  if (kind.review.secondDoctor && body.secondDoctorStaffNo && body.decision === 'approve') {
    if (body.secondDoctorStaffNo === user.staffNo) throw badRequest('医师2不能与审核医师（医师1）为同一人');
    const doctor = await deps.his.getDoctor(body.secondDoctorStaffNo);
    if (!doctor?.active) throw badRequest('HIS 中未找到医师2的在职医生信息');
    secondDoctor = { staffNo: doctor.staffNo, staffName: doctor.name };
  }
  // The diagnosing doctor comes from the HIS, never from what was typed.
  const doctor = await deps.his.getDoctor(user.staffNo);
  if (!doctor?.active) throw forbidden('HIS 中未找到您的在职医生信息，不能审核');
  try {
    const state = await sendApplicationUpdate(deps.temporalClient, row, '审核', reviewApplicationUpdate, {
      reviewer: { ...actorOf(user), staffNo: doctor.staffNo, staffName: doctor.name },
      decision: body.decision,
      opinion: body.opinion,
      diagnosis: body.diagnosis,
      ...(secondDoctor ? { secondDoctor } : {})
    });
    await deps.audit(auditOf(user, request, 'review', target(row.id), 'success', { decision: body.decision }));
    return {
      id: row.id,
      applicationNo: row.applicationNo,
      status: state.status,
      statusLabel: applicationStatusLabels[state.status]
    };
  } catch (error) {
    if (error instanceof ApiError) await deps.audit(auditOf(user, request, 'review', target(row.id), 'failure'));
    throw error;
  }
}
