import type { LocationQuery, LocationQueryRaw } from 'vue-router';
import { yibaoSyncStatuses, type ApplicationKind, type YibaoSyncStatus } from '@domain/application';
import { applicationStatuses, type ApplicationStatus } from '@domain/application-status';
import { applicationSortFields, type ApplicationSearchInput } from '@domain/application-search';

/**
 * The list's filter as it appears in the address bar, so a figure on the dashboard or a colleague's link
 * opens the same list. The ID number is never put in the URL (personal data): it stays in the form only.
 */
export interface ListFilter {
  statuses: ApplicationStatus[];
  yibaoSyncStatuses: YibaoSyncStatus[];
  subjectCode: string | null;
  department: string | null;
  institutionCode: string | null;
  dateRange: [string, string] | null;
  filedBefore: string | null;
  applicationNo: string;
  idNo: string;
  sort: (typeof applicationSortFields)[number];
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export function emptyFilter(): ListFilter {
  return {
    statuses: [],
    yibaoSyncStatuses: [],
    subjectCode: null,
    department: null,
    institutionCode: null,
    dateRange: null,
    filedBefore: null,
    applicationNo: '',
    idNo: '',
    sort: 'submittedAt',
    order: 'desc',
    page: 1,
    pageSize: 20
  };
}

type QueryValue = LocationQuery[string] | undefined;
const one = (value: QueryValue): string | undefined => (Array.isArray(value) ? value[0] : value) ?? undefined;
const list = (value: QueryValue): string[] =>
  (one(value) ?? '')
    .split(',')
    .map(item => item.trim())
    .filter(Boolean);
const isDate = (value: string | undefined): value is string => Boolean(value && /^\d{4}-\d{2}-\d{2}$/.test(value));

export function filterFromQuery(query: LocationQuery): ListFilter {
  const filter = emptyFilter();
  filter.statuses = list(query.status).filter((s): s is ApplicationStatus =>
    (applicationStatuses as readonly string[]).includes(s)
  );
  filter.yibaoSyncStatuses = list(query.sync).filter((s): s is YibaoSyncStatus =>
    (yibaoSyncStatuses as readonly string[]).includes(s)
  );
  filter.subjectCode = one(query.subject) ?? null;
  filter.department = one(query.department) ?? null;
  filter.institutionCode = one(query.institution) ?? null;
  const from = one(query.from);
  const to = one(query.to);
  if (isDate(from) && isDate(to)) filter.dateRange = [from, to];
  const filedBefore = one(query.filedBefore);
  if (filedBefore && !Number.isNaN(Date.parse(filedBefore))) filter.filedBefore = filedBefore;
  filter.applicationNo = one(query.no) ?? '';
  const sort = one(query.sort);
  if (sort && (applicationSortFields as readonly string[]).includes(sort)) filter.sort = sort as ListFilter['sort'];
  if (one(query.order) === 'asc') filter.order = 'asc';
  const page = Number(one(query.page));
  if (Number.isInteger(page) && page >= 1) filter.page = page;
  const pageSize = Number(one(query.size));
  if ([20, 50, 100].includes(pageSize)) filter.pageSize = pageSize;
  return filter;
}

export function queryFromFilter(filter: ListFilter): LocationQueryRaw {
  const query: LocationQueryRaw = {};
  if (filter.statuses.length) query.status = filter.statuses.join(',');
  if (filter.yibaoSyncStatuses.length) query.sync = filter.yibaoSyncStatuses.join(',');
  if (filter.subjectCode) query.subject = filter.subjectCode;
  if (filter.department) query.department = filter.department;
  if (filter.institutionCode) query.institution = filter.institutionCode;
  if (filter.dateRange) [query.from, query.to] = filter.dateRange;
  if (filter.filedBefore) query.filedBefore = filter.filedBefore;
  if (filter.applicationNo.trim()) query.no = filter.applicationNo.trim();
  if (filter.sort !== 'submittedAt') query.sort = filter.sort;
  if (filter.order !== 'desc') query.order = filter.order;
  if (filter.page !== 1) query.page = String(filter.page);
  if (filter.pageSize !== 20) query.size = String(filter.pageSize);
  return query;
}

/** The API's search body for this filter. */
export function searchBody(kind: ApplicationKind, filter: ListFilter): ApplicationSearchInput {
  const idNo = filter.idNo.trim().toUpperCase();
  return {
    kind,
    ...(filter.statuses.length ? { statuses: filter.statuses } : {}),
    ...(filter.yibaoSyncStatuses.length ? { yibaoSyncStatuses: filter.yibaoSyncStatuses } : {}),
    ...(filter.subjectCode ? { subjectCode: filter.subjectCode } : {}),
    ...(filter.department ? { department: filter.department } : {}),
    ...(filter.institutionCode ? { institutionCode: filter.institutionCode } : {}),
    ...(filter.dateRange ? { from: filter.dateRange[0], to: filter.dateRange[1] } : {}),
    ...(filter.filedBefore ? { filedBefore: filter.filedBefore } : {}),
    ...(filter.applicationNo.trim() ? { applicationNo: filter.applicationNo.trim().toUpperCase() } : {}),
    ...(idNo ? { idNo } : {}),
    sort: filter.sort,
    order: filter.order,
    page: filter.page,
    pageSize: filter.pageSize
  };
}
