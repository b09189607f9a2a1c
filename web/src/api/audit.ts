import type { z } from 'zod';
import type {
  AuditAction,
  AuditOutcome,
  MinorAccessGrant,
  MinorsReport,
  auditPageSchema,
  auditVerificationSchema
} from '@domain/audit';
import { request } from './request';

export type AuditPage = z.infer<typeof auditPageSchema>;
export type AuditVerification = z.infer<typeof auditVerificationSchema>;

export interface AuditQuery {
  page: number;
  pageSize: number;
  action?: AuditAction | undefined;
  outcome?: AuditOutcome | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export function fetchAuditLogs(query: AuditQuery) {
  return request<AuditPage>('GET', '/api/audit-logs', { query: { ...query } });
}

export function fetchAuditVerification() {
  return request<AuditVerification>('POST', '/api/audit-logs/verify');
}

export function fetchMinorAccessGrants(status: 'pending' | 'approved' | 'all') {
  return request<{ items: MinorAccessGrant[] }>('GET', '/api/minor-access-grants', { query: { status } });
}

export function fetchApproveMinorAccess(id: string) {
  return request<MinorAccessGrant>('POST', `/api/minor-access-grants/${id}/approve`);
}

export function fetchRequestMinorAccess(body: {
  patientId: string;
  purpose: MinorAccessGrant['purpose'];
  reason: string;
  validDays: number;
}) {
  return request<MinorAccessGrant>('POST', '/api/minor-access-grants', { body });
}

export function fetchMinorsReport(year: number) {
  return request<MinorsReport>('GET', '/api/reports/minors', { query: { year } });
}
