import type { z } from 'zod';
import type { currentUserSchema, signInResponseSchema, totpEnrollmentSchema } from '@domain/sign-in';
import { request } from './request';

export type SignInResponse = z.infer<typeof signInResponseSchema>;
export type CurrentUser = z.infer<typeof currentUserSchema>['user'];
export type TotpEnrollment = z.infer<typeof totpEnrollmentSchema>;

export function fetchSignIn(body: { username: string; password: string; totp?: string }) {
  return request<SignInResponse>('POST', '/api/auth/login', { body, expectUnauthorized: true });
}

export function fetchCurrentUser() {
  return request<z.infer<typeof currentUserSchema>>('GET', '/api/auth/me');
}

export function fetchSignOut() {
  return request<void>('POST', '/api/auth/logout', { expectUnauthorized: true });
}

export function fetchChangePassword(body: { currentPassword: string; newPassword: string }) {
  return request<SignInResponse>('POST', '/api/auth/password', { body, expectUnauthorized: true });
}

export function fetchTotpEnrollment() {
  return request<TotpEnrollment>('POST', '/api/auth/totp/enroll', { expectUnauthorized: true });
}

export function fetchConfirmTotp(code: string) {
  return request<void>('POST', '/api/auth/totp/confirm', { body: { code }, expectUnauthorized: true });
}
