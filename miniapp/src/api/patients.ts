import { z } from 'zod';
import { privacyPolicyVersion, type ConsentKind } from '../../../domain/consent';
import { linkedPatientSchema, patientConsentSchema, type LinkPatient } from '../../../domain/patients';
import { apiCall } from './client';

export function fetchPatients() {
  return apiCall('GET', '/api/me/patients', { schema: z.object({ items: z.array(linkedPatientSchema) }) });
}

export function linkPatient(body: LinkPatient) {
  return apiCall('POST', '/api/me/patients', { body, schema: linkedPatientSchema });
}

export function unlinkPatient(id: string) {
  return apiCall('DELETE', `/api/me/patients/${id}`);
}

/** Consent to the privacy policy version this build shows. */
export function grantConsent(patientId: string, kind: ConsentKind) {
  return apiCall('POST', `/api/me/patients/${patientId}/consents`, {
    body: { kind, policyVersion: privacyPolicyVersion },
    schema: patientConsentSchema
  });
}

export function withdrawConsent(patientId: string, consentId: string) {
  return apiCall('DELETE', `/api/me/patients/${patientId}/consents/${consentId}`);
}
