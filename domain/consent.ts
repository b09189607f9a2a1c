/**
 * Consent rules for patients' personal information (PIPL Art. 28–31; 儿童个人信息网络保护规定 Art. 9–10;
 * 未成年人网络保护条例 Art. 36). Pure TypeScript: the mini-program shows the same rules.
 */
import { z } from 'zod';
import { ageAt } from './id-number';

/** Version of the privacy policy and the dedicated minors' rules the consent screens show. */
export const privacyPolicyVersion = '2026-01';

/** Under this age every personal detail is sensitive and a guardian consents (PIPL Art. 31). */
export const childAgeLimit = 14;
/** Under this age staff need an approved access grant (未成年人网络保护条例 Art. 36). */
export const minorAgeLimit = 18;

export const consentKinds = ['guardian', 'health_data'] as const;
export const consentKindSchema = z.enum(consentKinds);
export type ConsentKind = z.infer<typeof consentKindSchema>;

export const consentKindLabels: Record<ConsentKind, string> = {
  guardian: '监护人同意处理未成年人个人信息',
  health_data: '同意处理健康医疗敏感个人信息'
};

export const patientRelations = ['self', 'child', 'spouse', 'parent', 'other'] as const;
export const patientRelationSchema = z.enum(patientRelations);
export type PatientRelation = z.infer<typeof patientRelationSchema>;

export function isMinor(birthDate: string, today: string): boolean {
  return ageAt(birthDate, today) < minorAgeLimit;
}

export function isChild(birthDate: string, today: string): boolean {
  return ageAt(birthDate, today) < childAgeLimit;
}

/** Consents an application needs before it is submitted for a person born on this date. */
export function requiredConsents(birthDate: string, today: string): ConsentKind[] {
  return isChild(birthDate, today) ? ['guardian', 'health_data'] : [];
}

/** Why this relation cannot be declared for this person, or undefined when it can. */
export function relationProblem(relation: PatientRelation, birthDate: string, today: string): string | undefined {
  if (isMinor(birthDate, today) && relation !== 'child') return '未成年人只能由其监护人以“子女”关系绑定';
  return undefined;
}
