/** A patient account's linked persons as the API shows them (masked) and as the mini-program reads them. */
import { z } from 'zod';
import { consentKindSchema, patientRelationSchema } from './consent';

export const patientConsentSchema = z.object({
  id: z.string(),
  kind: consentKindSchema,
  policyVersion: z.string(),
  grantedAt: z.string()
});
export type PatientConsent = z.infer<typeof patientConsentSchema>;

export const linkedPatientSchema = z.object({
  id: z.string(),
  relation: patientRelationSchema,
  name: z.string().describe('脱敏姓名'),
  idNo: z.string().describe('脱敏身份证号'),
  sex: z.enum(['male', 'female']),
  minor: z.boolean(),
  /** Under 14: applications wait for the guardian and health-data consents. */
  consentsRequired: z.array(consentKindSchema),
  consents: z.array(patientConsentSchema)
});
export type LinkedPatient = z.infer<typeof linkedPatientSchema>;

export const linkPatientSchema = z.object({
  name: z.string().trim().min(1).max(50),
  idNo: z.string().trim().min(1).max(18),
  relation: patientRelationSchema
});
export type LinkPatient = z.infer<typeof linkPatientSchema>;

export const grantConsentSchema = z.object({
  kind: consentKindSchema,
  policyVersion: z.string().trim().min(1).max(32)
});
