/**
 * Staff access to minors' records (未成年人网络保护条例 Art. 36): a staff member asks for access to one
 * minor for a stated purpose, a security admin approves it for a limited time, and every access — allowed
 * or refused — writes a minor_access_logs row and an audit row. Services call `assertMinorAccess` before
 * they show a patient's record to staff, with the database rather than a transaction that a refusal would
 * roll back together with its log rows.
 */
import { and, eq, gt, isNotNull } from 'drizzle-orm';
import { minorAccessGrants, minorAccessLogs, patients } from '../../db/schema';
import type { SessionUser } from '../../domain/abilities';
import { isMinor } from '../../domain/consent';
import { forbidden, notFound } from '../errors';
import { today } from '../patients/consent';
import { appendAudit, auditOf, type DbExecutor } from './audit-log';

export async function assertMinorAccess(
  db: DbExecutor,
  user: SessionUser,
  patientId: string,
  context: { ip?: string | null; now?: Date } = {}
): Promise<void> {
  const at = context.now ?? new Date();
  const [patient] = await db
    .select({ birthDate: patients.birthDate, accountId: patients.accountId })
    .from(patients)
    .where(eq(patients.id, patientId));
  if (!patient) throw notFound();
  // Guardians see their own children's records under the patient rules; the grant is a staff duty.
  if (user.kind !== 'staff' || !isMinor(patient.birthDate, today(at))) return;
  const [grant] = await db
    .select({ id: minorAccessGrants.id, purpose: minorAccessGrants.purpose })
    .from(minorAccessGrants)
    .where(
      and(
        eq(minorAccessGrants.staffAccountId, user.accountId),
        eq(minorAccessGrants.patientId, patientId),
        isNotNull(minorAccessGrants.approvedAt),
        gt(minorAccessGrants.validUntil, at)
      )
    )
    .limit(1);
  await db.insert(minorAccessLogs).values({
    grantId: grant?.id ?? null,
    staffAccountId: user.accountId,
    patientId,
    outcome: grant ? 'granted' : 'denied',
    at
  });
  await appendAudit(
    db,
    auditOf(
      user,
      context,
      'minor_record_access',
      { type: 'patient', id: patientId },
      grant ? 'success' : 'denied',
      grant ? { grantId: grant.id, purpose: grant.purpose } : {}
    ),
    at
  );
  if (!grant) throw forbidden('查看未成年人信息须经安全管理员审批');
}
