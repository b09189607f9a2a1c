import type { z } from 'zod';
import type { ApplicationKind } from '@domain/application';
import type { ChronicApplicationDetail } from '@domain/application-kinds/chronic';
import type { DualChannelApplicationDetail } from '@domain/application-kinds/dual-channel';
import { applicationKindDefinition } from '@domain/application-kinds/registry';
import type {
  ApplicationListPage,
  ApplicationSearchInput,
  ApplicationState,
  applicationExportFilterSchema
} from '@domain/application-search';
import type { ApplicationTimeline } from '@domain/application-timeline';
import type { AttachmentSummary } from '@domain/attachments';
import type { BulkAction, BulkResponse } from '@domain/bulk-actions';
import type { HisDoctor, HisVisit } from '@domain/his';
import type { MedicationRecord } from '@domain/medication-record';
import { downloadFile, request, requestBlob } from './request';

/** The API resource of a registered kind (`/api/chronic-applications` …), from its definition. */
function apiPathOf(kind: ApplicationKind): string {
  const definition = applicationKindDefinition(kind);
  if (!definition) throw new Error(`unknown application kind ${kind}`);
  return definition.apiPath;
}

/** The console's page of an application: `/applications/{the kind's page segment}/{id}`. */
export const detailPath = (kind: ApplicationKind, id: string) =>
  `/applications/${applicationKindDefinition(kind)?.pageSegment ?? kind}/${id}`;

/**
 * An application's detail as its kind's schema describes it: the shared fields are typed; a kind's own
 * fields are read by that kind's view (web/src/kinds/).
 */
export type ApplicationDetail = ChronicApplicationDetail | DualChannelApplicationDetail;
export type RevealField = 'name' | 'idNo' | 'phone' | 'address';

export function fetchApplicationSearch(filter: ApplicationSearchInput, signal?: AbortSignal) {
  return request<ApplicationListPage>('POST', '/api/applications/search', {
    body: filter,
    ...(signal ? { signal } : {})
  });
}

export function fetchApplicationExport(filter: z.input<typeof applicationExportFilterSchema>, filename: string) {
  return downloadFile('POST', '/api/applications/export', filename, { body: filter });
}

export function fetchApplicationDetail(kind: ApplicationKind, id: string) {
  return request<ApplicationDetail>('GET', `${apiPathOf(kind)}/${id}`);
}

export function fetchApplicationTimeline(kind: ApplicationKind, id: string) {
  return request<ApplicationTimeline>('GET', `${apiPathOf(kind)}/${id}/timeline`);
}

/** The review body of every kind; `secondDoctorStaffNo` only where the kind's review names a second doctor. */
export interface ReviewBody {
  decision: 'approve' | 'reject';
  opinion: string;
  diagnosis?: string;
  secondDoctorStaffNo?: string;
}

export function fetchReview(kind: ApplicationKind, id: string, body: ReviewBody) {
  return request<ApplicationState>('POST', `${apiPathOf(kind)}/${id}/review`, { body });
}

export function fetchRetryFiling(kind: ApplicationKind, id: string) {
  return request<ApplicationState>('POST', `${apiPathOf(kind)}/${id}/retry-filing`);
}

export function fetchSyncStatus(kind: ApplicationKind, id: string) {
  return request<ApplicationState>('POST', `${apiPathOf(kind)}/${id}/sync-status`);
}

export function fetchRevoke(kind: ApplicationKind, id: string, reason: string) {
  return request<ApplicationState>('POST', `${apiPathOf(kind)}/${id}/revoke`, { body: { reason } });
}

export function fetchReveal(kind: ApplicationKind, id: string, field: RevealField, reason: string) {
  return request<{ field: string; value: string }>('POST', `${apiPathOf(kind)}/${id}/reveal`, {
    body: { field, reason }
  });
}

export function fetchBulkAction(action: BulkAction, ids: string[], reason?: string) {
  return request<BulkResponse>('POST', `/api/applications/bulk/${action}`, {
    body: action === 'revoke' ? { ids, reason } : { ids }
  });
}

export function fetchAttachments(kind: ApplicationKind, id: string) {
  return request<{ items: AttachmentSummary[] }>('GET', `${apiPathOf(kind)}/${id}/attachments`);
}

export function fetchAttachmentBlob(attachmentId: string) {
  return requestBlob('GET', `/api/attachments/${attachmentId}`);
}

/** The documents a kind prints before filing (the dual-channel e-form), previewed as PDF. */
export function fetchEformBlob(kind: ApplicationKind, id: string) {
  return requestBlob('GET', `${apiPathOf(kind)}/${id}/eform.pdf`);
}

export function fetchEformDownload(kind: ApplicationKind, id: string, filename: string, format: 'pdf' | 'xlsx') {
  return downloadFile('GET', `${apiPathOf(kind)}/${id}/eform.${format}`, `${filename}.${format}`);
}

export function fetchHisVisits(kind: ApplicationKind, id: string) {
  return request<{ items: HisVisit[] }>('GET', `${apiPathOf(kind)}/${id}/his-visits`);
}

export function fetchMedicationRecords(kind: ApplicationKind, id: string) {
  return request<{ items: MedicationRecord[] }>('GET', `${apiPathOf(kind)}/${id}/medication-records`);
}

export function fetchHisDoctors(query: string) {
  return request<{ items: HisDoctor[] }>('GET', '/api/his/doctors', { query: { query } });
}
