import {
  yibaoSignInOverviewSchema,
  yibaoSignInResultSchema,
  yibaoSignOutResultSchema,
  type YibaoSignInState
} from '../../domain/yibao-sign-in';
import type { SignInRecord } from '../../yibao/sign-in';
import type { ApiModule } from '../app';
import { auditOf, type AuditEntry } from '../audit/audit-log';

export interface YibaoSignInDependencies {
  /** The operator (经办人) the system calls Yibao as. */
  operator: { opter: string; opterName: string };
  /** 【9001】 today's sign_no, signing in when there is none. */
  signIn: () => Promise<string>;
  /** 【9002】 the sign_no signed out, or undefined when there was none today. */
  signOut: () => Promise<string | undefined>;
  recent: (days: number) => Promise<SignInRecord[]>;
  audit: (entry: AuditEntry) => Promise<void>;
}

const recordOf = (record: SignInRecord) => ({
  opter: record.opter,
  signDate: record.signDate,
  signNo: record.signNo,
  state: (record.signedOutAt ? 'signed_out' : record.invalidatedAt ? 'refused' : 'valid') satisfies YibaoSignInState,
  signedInAt: record.signedInAt.toISOString(),
  invalidatedAt: record.invalidatedAt?.toISOString() ?? null,
  signedOutAt: record.signedOutAt?.toISOString() ?? null
});

/**
 * The Yibao sign-in session (9001/9002) for the 医保办: see today's sign_no and the last 30 days', sign in
 * ahead of the day's work, and sign out at its end. Calls sign in lazily on their own; signing out is only
 * ever this explicit action (the platform ends the session on every terminal of the operator).
 */
export function createYibaoSignInModule(deps: YibaoSignInDependencies): ApiModule {
  return {
    register(routes) {
      routes.route({
        method: 'get',
        path: '/api/yibao/sign-ins',
        summary: '医保签到记录（近30天，最新在前）',
        tags: ['医保签到'],
        access: { signedIn: 'staff', action: 'manage', subject: 'YibaoSignIn' },
        response: yibaoSignInOverviewSchema,
        handler: async () => ({
          body: { operator: deps.operator, items: (await deps.recent(30)).map(recordOf) }
        })
      });
      routes.route({
        method: 'post',
        path: '/api/yibao/sign-in',
        summary: '医保签到（9001；当天已签到则返回现有签到流水号）',
        tags: ['医保签到'],
        access: { signedIn: 'staff', action: 'manage', subject: 'YibaoSignIn' },
        response: yibaoSignInResultSchema,
        errors: { 502: '医保平台拒绝签到', 503: '医保平台暂不可用' },
        handler: async ({ user, request }) => {
          const signNo = await deps.signIn();
          await deps.audit(
            auditOf(user!, request, 'yibao_sign_in', { type: 'yibao_operator', id: deps.operator.opter }, 'success', {
              signNo
            })
          );
          return { body: { opter: deps.operator.opter, signNo } };
        }
      });
      routes.route({
        method: 'post',
        path: '/api/yibao/sign-out',
        summary: '医保签退（9002；签退后下一次医保调用会自动重新签到）',
        tags: ['医保签到'],
        access: { signedIn: 'staff', action: 'manage', subject: 'YibaoSignIn' },
        response: yibaoSignOutResultSchema,
        errors: { 502: '医保平台拒绝签退', 503: '医保平台暂不可用' },
        handler: async ({ user, request }) => {
          const signNo = await deps.signOut();
          await deps.audit(
            auditOf(user!, request, 'yibao_sign_out', { type: 'yibao_operator', id: deps.operator.opter }, 'success', {
              signNo: signNo ?? null
            })
          );
          return { body: { opter: deps.operator.opter, signedOut: signNo !== undefined, signNo: signNo ?? null } };
        }
      });
    }
  };
}
