import type { z } from 'zod';
import type { ApplicationKind } from '@domain/application';
import type {
  ApplicationListPage,
  ApplicationSearchInput,
  ApplicationState,
  applicationExportFilterSchema
} from '@domain/application-search';
import type { ApplicationTimeline } from '@domain/application-timeline';
import type { BulkAction, BulkResponse } from '@domain/bulk-actions';
import type { ChronicApplicationDetail, ReviewApplication } from '@domain/chronic-application';
import type { DualChannelApplicationDetail, ReviewDualChannelApplication } from '@domain/dual-channel-application';
import type {
  applicationAttachmentsResponseSchema,
  hisDoctorsResponseSchema,
  hisVisitsResponseSchema,
  medicationRecordsResponseSchema
} from '@domain/review-context';
import { downloadFile, request, requestBlob } from './request';

/** The API's collection of each kind, and the console's path segment for it. */
export const kindPaths: Record<ApplicationKind, { api: string; page: string }> = {
  chronic: { api: '/api/chronic-applications', page: 'chronic' },
  dual_channel: { api: '/api/dual-channel-applications', page: 'dual-channel' }
};

export function kindOfPage(segment: string): ApplicationKind | undefined {
  return segment === 'chronic' ? 'chronic' : segment === 'dual-channel' ? 'dual_channel' : undefined;
}

export const detailPath = (kind: ApplicationKind, id: string) => `/applications/${kindPaths[kind].page}/${id}`;

export type ApplicationDetailOf<K extends ApplicationKind> = K extends 'chronic'
  ? ChronicApplicationDetail
  : DualChannelApplicationDetail;
export type ApplicationDetail = ChronicApplicationDetail | DualChannelApplicationDetail;
export type HisVisits = z.infer<typeof hisVisitsResponseSchema>;
export type MedicationRecords = z.infer<typeof medicationRecordsResponseSchema>;
export type ApplicationAttachments = z.infer<typeof applicationAttachmentsResponseSchema>;
export type HisDoctors = z.infer<typeof hisDoctorsResponseSchema>;
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

export function fetchApplicationDetail<K extends ApplicationKind>(kind: K, id: string) {
  return request<ApplicationDetailOf<K>>('GET', `${kindPaths[kind].api}/${id}`);
}

export function fetchApplicationTimeline(kind: ApplicationKind, id: string) {
  return request<ApplicationTimeline>('GET', `${kindPaths[kind].api}/${id}/timeline`);
}

export function fetchReview(kind: ApplicationKind, id: string, body: ReviewApplication | ReviewDualChannelApplication) {
  return request<ApplicationState>('POST', `${kindPaths[kind].api}/${id}/review`, { body });
}

export function fetchRetryFiling(kind: ApplicationKind, id: string) {
  return request<ApplicationState>('POST', `${kindPaths[kind].api}/${id}/retry-filing`);
}

export function fetchSyncStatus(kind: ApplicationKind, id: string) {
  return request<ApplicationState>('POST', `${kindPaths[kind].api}/${id}/sync-status`);
}

export function fetchRevoke(kind: ApplicationKind, id: string, reason: string) {
  return request<ApplicationState>('POST', `${kindPaths[kind].api}/${id}/revoke`, { body: { reason } });
}

export function fetchReveal(kind: ApplicationKind, id: string, field: RevealField, reason: string) {
  return request<{ field: string; value: string }>('POST', `${kindPaths[kind].api}/${id}/reveal`, {
    body: { field, reason }
  });
}

export function fetchBulkAction(action: BulkAction, ids: string[], reason?: string) {
  return request<BulkResponse>('POST', `/api/applications/bulk/${action}`, {
    body: action === 'revoke' ? { ids, reason } : { ids }
  });
}

export function fetchAttachments(kind: ApplicationKind, id: string) {
  return request<ApplicationAttachments>('GET', `${kindPaths[kind].api}/${id}/attachments`);
}

export function fetchAttachmentBlob(attachmentId: string) {
  return requestBlob('GET', `/api/attachments/${attachmentId}`);
}

export function fetchEformBlob(id: string) {
  return requestBlob('GET', `${kindPaths.dual_channel.api}/${id}/eform.pdf`);
}

export function fetchEformDownload(id: string, applicationNo: string, format: 'pdf' | 'xlsx') {
  return downloadFile(
    'GET',
    `${kindPaths.dual_channel.api}/${id}/eform.${format}`,
    `双通道申请表-${applicationNo}.${format}`
  );
}

export function fetchHisVisits(kind: ApplicationKind, id: string) {
  return request<HisVisits>('GET', `${kindPaths[kind].api}/${id}/his-visits`);
}

export function fetchMedicationRecords(kind: ApplicationKind, id: string) {
  return request<MedicationRecords>('GET', `${kindPaths[kind].api}/${id}/medication-records`);
}

export function fetchHisDoctors(query: string) {
  return request<HisDoctors>('GET', '/api/his/doctors', { query: { query } });
}
