import { and, eq, isNull } from 'drizzle-orm';
import { patientConsents, patients } from '../../db/schema';
import { consentKindLabels, privacyPolicyVersion, requiredConsents } from '../../domain/consent';
import type { DbExecutor } from '../audit/audit-log';
import { ApiError, notFound } from '../errors';

export function today(now: Date): string {
  // Ages and consents follow the hospital's calendar day (China Standard Time, no daylight saving).
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * What application services call before submitting: a patient under 14 needs the guardian's consent and the
 * separate consent to health data, both given for the current policy version and not withdrawn (PIPL Art. 29–31). Throws 404 for an unknown patient and
 * 422 CONSENT_REQUIRED naming what is missing.
 */
export async function assertApplicationConsent(
  db: DbExecutor,
  patientId: string,
  now: Date = new Date()
): Promise<void> {
  const [patient] = await db.select({ birthDate: patients.birthDate }).from(patients).where(eq(patients.id, patientId));
  if (!patient) throw notFound();
  const required = requiredConsents(patient.birthDate, today(now));
  if (required.length === 0) return;
  const given = await db
    .select({ kind: patientConsents.kind })
    .from(patientConsents)
    .where(
      and(
        eq(patientConsents.patientId, patientId),
        eq(patientConsents.policyVersion, privacyPolicyVersion),
        isNull(patientConsents.withdrawnAt)
      )
    );
  const missing = required.filter(kind => !given.some(consent => consent.kind === kind));
  if (missing.length > 0) {
    throw new ApiError(
      422,
      'CONSENT_REQUIRED',
      `未满14周岁患者提交申请前须由监护人完成授权：${missing.map(kind => consentKindLabels[kind]).join('、')}`,
      { missing }
    );
  }
}
