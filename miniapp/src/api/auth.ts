import { z } from 'zod';
import { signInResponseSchema, sessionUserSchema } from '../../../domain/sign-in';
import { apiCall } from './client';

export function sendSmsCode(phone: string) {
  return apiCall('POST', '/api/auth/sms/send', { body: { phone } });
}

export function signInWithSms(phone: string, code: string) {
  return apiCall('POST', '/api/auth/sms/login', { body: { phone, code }, schema: signInResponseSchema });
}

export function signInWithWechat(code: string) {
  return apiCall('POST', '/api/auth/wechat', { body: { code }, schema: signInResponseSchema });
}

export function signInWithPassword(username: string, password: string) {
  return apiCall('POST', '/api/auth/login', { body: { username, password }, schema: signInResponseSchema });
}

export function fetchCurrentUser() {
  return apiCall('GET', '/api/auth/me', { schema: z.object({ user: sessionUserSchema }) });
}

export function signOut() {
  return apiCall('POST', '/api/auth/logout');
}
