import type { z } from 'zod';
import type { InterfaceLogPageView, interfaceLogFilterSchema } from '@domain/interface-log';
import { downloadFile, request } from './request';

export type InterfaceLogFilterInput = z.input<typeof interfaceLogFilterSchema>;

/** Filters go in the body: ID and card numbers never appear in a URL. */
export function fetchInterfaceLogSearch(filter: InterfaceLogFilterInput) {
  return request<InterfaceLogPageView>('POST', '/api/interface-logs/search', { body: filter });
}

export function fetchInterfaceLogExport(filter: Omit<InterfaceLogFilterInput, 'limit' | 'cursor'>) {
  return downloadFile('POST', '/api/interface-logs/export', '医保接口日志.xlsx', { body: filter });
}
