import type { Dashboard } from '@domain/dashboard';
import { request } from './request';

export function fetchDashboard() {
  return request<Dashboard>('GET', '/api/dashboard');
}
