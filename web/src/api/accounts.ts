import type { z } from 'zod';
import type { StaffAccount, staffAccountListSchema, staffRoleSchema } from '@domain/staff-accounts';
import { request } from './request';

export type StaffRole = z.infer<typeof staffRoleSchema>;

export interface NewStaffAccount {
  username: string;
  displayName: string;
  roles: StaffRole[];
  staffNo?: string | undefined;
  department?: string | undefined;
  title?: string | undefined;
  initialPassword: string;
}

export function fetchAccounts() {
  return request<z.infer<typeof staffAccountListSchema>>('GET', '/api/accounts');
}

export function fetchCreateAccount(body: NewStaffAccount) {
  return request<StaffAccount>('POST', '/api/accounts', { body });
}

export function fetchSetRoles(id: string, roles: StaffRole[]) {
  return request<StaffAccount>('PUT', `/api/accounts/${id}/roles`, { body: { roles } });
}

export function fetchSetDisabled(id: string, disabled: boolean) {
  return request<StaffAccount>('POST', `/api/accounts/${id}/${disabled ? 'disable' : 'enable'}`);
}
