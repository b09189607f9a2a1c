/** A doctor's WeChat bound to the staff account, so that later sign-ins in the mini-program need no password. */
import { z } from 'zod';
import { apiCall } from './client';

const bindingSchema = z.object({ bound: z.boolean() });

export function fetchWechatBinding() {
  return apiCall('GET', '/api/auth/wechat/binding', { schema: bindingSchema });
}

export function bindWechat(code: string) {
  return apiCall('PUT', '/api/auth/wechat/binding', { body: { code }, schema: bindingSchema });
}

export function unbindWechat() {
  return apiCall('DELETE', '/api/auth/wechat/binding', { schema: bindingSchema });
}
