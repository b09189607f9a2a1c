import type { z } from 'zod';
import type {
  yibaoSignInOverviewSchema,
  yibaoSignInResultSchema,
  yibaoSignOutResultSchema
} from '@domain/yibao-sign-in';
import { request } from './request';

export type YibaoSignInOverview = z.infer<typeof yibaoSignInOverviewSchema>;

export function fetchYibaoSignIns() {
  return request<YibaoSignInOverview>('GET', '/api/yibao/sign-ins');
}

export function fetchYibaoSignIn() {
  return request<z.infer<typeof yibaoSignInResultSchema>>('POST', '/api/yibao/sign-in');
}

export function fetchYibaoSignOut() {
  return request<z.infer<typeof yibaoSignOutResultSchema>>('POST', '/api/yibao/sign-out');
}
