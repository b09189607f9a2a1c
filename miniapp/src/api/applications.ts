/** Both kinds of application, for the applicant and for the reviewing doctor. */
import { z } from 'zod';
import type { ApplicationListFilter, ReviewApplication } from '../../../domain/application';
import {
  chronicApplicationDetailSchema,
  chronicApplicationSummarySchema,
  type CreateChronicApplication
} from '../../../domain/application-kinds/chronic';
import {
  dualChannelApplicationDetailSchema,
  dualChannelApplicationSummarySchema,
  type CreateDualChannelApplication,
  type ReviewDualChannelApplication
} from '../../../domain/application-kinds/dual-channel';
import { hisVisitSchema } from '../../../domain/his';
import { medicationRecordSchema } from '../../../domain/medication-record';
import { applicationKinds, type ApplicationKind } from '../logic/application-kinds';
import { apiCall } from './client';

const applicationBasePaths: Record<ApplicationKind, string> = {
  chronic: applicationKinds.chronic.apiPath,
  dual_channel: applicationKinds.dual_channel.apiPath
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

/** Only for a kind whose reviewers see the 5205 records (`medicationRecords` in its definition). */
export function fetchMedicationRecords(kind: ApplicationKind, id: string) {
  return apiCall('GET', `${applicationBasePaths[kind]}/${id}/medication-records`, {
    schema: z.object({ items: z.array(medicationRecordSchema) })
  });
}

export function eformPath(id: string): string {
  return `${applicationBasePaths.dual_channel}/${id}/eform.pdf`;
}
