/** Both kinds of application, for the applicant and for the reviewing doctor. */
import { z } from 'zod';
import type { ApplicationKind } from '../../../domain/application';
import {
  chronicApplicationDetailSchema,
  chronicApplicationSummarySchema,
  medicationRecordSchema,
  type ApplicationListFilter,
  type CreateChronicApplication,
  type ReviewApplication
} from '../../../domain/chronic-application';
import {
  dualChannelApplicationDetailSchema,
  dualChannelApplicationSummarySchema,
  type CreateDualChannelApplication,
  type ReviewDualChannelApplication
} from '../../../domain/dual-channel-application';
import { hisVisitSchema } from '../../../domain/his';
import { apiCall } from './client';

export const applicationBasePaths: Record<ApplicationKind, string> = {
  chronic: '/api/chronic-applications',
  dual_channel: '/api/dual-channel-applications'
};

const pageOf = <S extends z.ZodType>(item: S) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

const createdSchema = z.object({ id: z.uuid(), applicationNo: z.string(), status: z.string() });
const stateSchema = createdSchema.extend({ statusLabel: z.string() });

type ListFilter = Partial<Pick<ApplicationListFilter, 'status' | 'page' | 'pageSize'>>;

/** Lists go through `search`: filters travel in the body, never in a URL. */
export function fetchChronicApplications(filter: ListFilter = {}) {
  return apiCall('POST', `${applicationBasePaths.chronic}/search`, {
    body: { pageSize: 50, ...filter },
    schema: pageOf(chronicApplicationSummarySchema)
  });
}

export function fetchDualChannelApplications(filter: ListFilter = {}) {
  return apiCall('POST', `${applicationBasePaths.dual_channel}/search`, {
    body: { pageSize: 50, ...filter },
    schema: pageOf(dualChannelApplicationSummarySchema)
  });
}

export function fetchChronicApplication(id: string) {
  return apiCall('GET', `${applicationBasePaths.chronic}/${id}`, { schema: chronicApplicationDetailSchema });
}

export function fetchDualChannelApplication(id: string) {
  return apiCall('GET', `${applicationBasePaths.dual_channel}/${id}`, { schema: dualChannelApplicationDetailSchema });
}

export function submitChronicApplication(body: CreateChronicApplication) {
  return apiCall('POST', applicationBasePaths.chronic, { body, schema: createdSchema });
}

export function submitDualChannelApplication(body: CreateDualChannelApplication) {
  return apiCall('POST', applicationBasePaths.dual_channel, { body, schema: createdSchema });
}

export function withdrawApplication(kind: ApplicationKind, id: string) {
  return apiCall('POST', `${applicationBasePaths[kind]}/${id}/withdraw`, { schema: stateSchema });
}

export function revokeApplication(kind: ApplicationKind, id: string, reason: string) {
  return apiCall('POST', `${applicationBasePaths[kind]}/${id}/revoke`, { body: { reason }, schema: stateSchema });
}

export function reviewChronicApplication(id: string, body: ReviewApplication) {
  return apiCall('POST', `${applicationBasePaths.chronic}/${id}/review`, { body, schema: stateSchema });
}

export function reviewDualChannelApplication(id: string, body: ReviewDualChannelApplication) {
  return apiCall('POST', `${applicationBasePaths.dual_channel}/${id}/review`, { body, schema: stateSchema });
}

export function fetchHisVisits(kind: ApplicationKind, id: string) {
  return apiCall('GET', `${applicationBasePaths[kind]}/${id}/his-visits`, {
    schema: z.object({ items: z.array(hisVisitSchema) })
  });
}

export function fetchMedicationRecords(id: string) {
  return apiCall('GET', `${applicationBasePaths.chronic}/${id}/medication-records`, {
    schema: z.object({ items: z.array(medicationRecordSchema) })
  });
}

export function eformPath(id: string): string {
  return `${applicationBasePaths.dual_channel}/${id}/eform.pdf`;
}
