import { z } from 'zod';

/** A day's sign-in session of the operator the system calls Yibao as (9001/9002). */
export const yibaoSignInStates = ['valid', 'refused', 'signed_out'] as const;
export type YibaoSignInState = (typeof yibaoSignInStates)[number];

export const yibaoSignInRecordSchema = z.object({
  opter: z.string(),
  signDate: z.string().describe('签到日期（北京时间）'),
  signNo: z.string().describe('签到流水号 sign_no'),
  state: z.enum(yibaoSignInStates).describe('valid 有效；refused 平台已拒绝（下次调用时重新签到）；signed_out 已签退'),
  signedInAt: z.string(),
  invalidatedAt: z.string().nullable(),
  signedOutAt: z.string().nullable()
});

export const yibaoSignInOverviewSchema = z.object({
  operator: z.object({ opter: z.string(), opterName: z.string() }),
  items: z.array(yibaoSignInRecordSchema)
});

export const yibaoSignInResultSchema = z.object({ opter: z.string(), signNo: z.string() });
export const yibaoSignOutResultSchema = z.object({
  opter: z.string(),
  signedOut: z.boolean(),
  signNo: z.string().nullable()
});

export const yibaoSignInStateLabels: Record<YibaoSignInState | 'none', string> = {
  valid: '已签到',
  refused: '平台已拒绝（下次调用时重新签到）',
  signed_out: '已签退',
  none: '今日未签到'
};
