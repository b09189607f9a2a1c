/**
 * What every credential's sign-in shares: the dependencies (one options object), the session start, the
 * patient account of a phone or WeChat identity, and the audit row of every attempt.
 */
import type { eq } from 'drizzle-orm';
import type { Database } from '../../db/connection';
import { userAccounts } from '../../db/schema';
import type { SessionUser } from '../../domain/abilities';
import type { FieldCrypto } from '../../crypto/field-encryption';
import { sm3 } from '../../crypto/gm';
import { appendAudit, auditOf, type AuditAction, type AuditOutcome } from '../audit/audit-log';
import { ApiError } from '../errors';
import type { SmsGateway, WechatGateway } from './gateways';
import type { SessionRestriction, SessionStore } from './sessions';
import { authLimits, type Throttle } from './throttle';

export interface SignInSettings {
  passwordIterations: number;
  adminTotpRequired: boolean;
  staffPasswordMaxAgeMs: number;
}

/** Everything sign-in needs, passed as one object. */
export interface SignInContext {
  db: Database;
  fieldCrypto: FieldCrypto;
  sessions: SessionStore;
  throttle: Throttle;
  settings: SignInSettings;
  sms: SmsGateway;
  wechat: WechatGateway;
  now: () => Date;
}

export interface SignInResult {
  token: string;
  user: SessionUser;
  /** Present when the session may only finish this step (enrol a second factor, replace an expired password). */
  restriction?: SessionRestriction;
}

export interface RequestOrigin {
  ip: string | null;
}

export type AccountRow = typeof userAccounts.$inferSelect;

/** The one answer to any failed password sign-in, locked or not, known user or not. */
export const invalidCredentials = () => new ApiError(401, 'INVALID_CREDENTIALS', '用户名、密码或动态口令错误');
export const invalidSmsCode = () => new ApiError(401, 'INVALID_CODE', '验证码错误或已失效');
export const wechatRefused = () => new ApiError(401, 'WECHAT_LOGIN_FAILED', '微信登录失败，请重试');

const totpRoles = new Set(['admin', 'secadmin']);

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** The lock counts per username, so unknown names lock exactly like real ones. */
export function loginKey(username: string): string {
  return `login:${sm3(`login\u0000${username}`).toString('hex')}`;
}

/** Roles whose accounts take a second factor (when the setting requires it; never WeChat alone). */
export function hasTotpRole(roles: string[]): boolean {
  return roles.some(role => totpRoles.has(role));
}

export function needsTotp(ctx: SignInContext, roles: string[]): boolean {
  return ctx.settings.adminTotpRequired && hasTotpRole(roles);
}

/** A staff password older than the maximum age: the session may only replace it. */
export function passwordExpired(ctx: SignInContext, account: AccountRow, now: Date): boolean {
  const changedAt = account.passwordChangedAt ?? account.createdAt;
  return now.getTime() - changedAt.getTime() > ctx.settings.staffPasswordMaxAgeMs;
}

/** Counts a failure for the IP and (unless already locked) the account, locking it at the limit. */
export async function recordPasswordFailure(
  ctx: SignInContext,
  accountKey: string,
  ipKey: string,
  locked: boolean,
  origin: RequestOrigin,
  now: Date,
  account: typeof userAccounts.$inferSelect | undefined
): Promise<void> {
  await ctx.throttle.record('login_failure', locked ? [ipKey] : [ipKey, accountKey], now);
  await auditSignIn(ctx, 'sign_in_failed', 'failure', origin, now, account, { method: 'password', locked });
  const since = new Date(now.getTime() - authLimits.failureWindowMs);
  if (!locked && (await ctx.throttle.count('login_failure', accountKey, since)) >= authLimits.accountFailures) {
    await ctx.throttle.lock(accountKey, new Date(now.getTime() + authLimits.lockMs));
    await auditSignIn(ctx, 'lockout', 'success', origin, now, account, { lockMinutes: authLimits.lockMs / 60_000 });
  }
}

/**
 * The patient account with this phone or openid, created on first sign-in; undefined when a staff account
 * holds it, so a phone code never opens a staff account without its password.
 */
export async function patientAccount(
  ctx: SignInContext,
  match: ReturnType<typeof eq>,
  identity: Partial<typeof userAccounts.$inferInsert>,
  displayName: string
): Promise<typeof userAccounts.$inferSelect | undefined> {
  const [existing] = await ctx.db.select().from(userAccounts).where(match).limit(1);
  if (!existing) {
    await ctx.db
      .insert(userAccounts)
      .values({ kind: 'patient', roles: ['patient'], displayName, ...identity })
      .onConflictDoNothing();
  }
  // A concurrent first sign-in may have created it: read whichever row won.
  const [account] = existing ? [existing] : await ctx.db.select().from(userAccounts).where(match).limit(1);
  return account?.kind === 'patient' ? account : undefined;
}

export async function startSession(
  ctx: SignInContext,
  account: typeof userAccounts.$inferSelect,
  restriction: SessionRestriction | null,
  origin: RequestOrigin,
  now: Date,
  method: string
): Promise<SignInResult> {
  const token = await ctx.sessions.create(account.id, restriction, now);
  await auditSignIn(ctx, 'sign_in', 'success', origin, now, account, { method, restriction });
  const active = await ctx.sessions.resolve(token, now);
  if (!active) throw new Error('new session did not resolve');
  const user = active.user;
  return restriction ? { token, user, restriction } : { token, user };
}

/** The audit row of a sign-in step: the account when known, never the name, phone or password tried. */
export async function auditSignIn(
  ctx: SignInContext,
  action: AuditAction,
  outcome: AuditOutcome,
  origin: RequestOrigin,
  now: Date,
  account: Pick<AccountRow, 'id' | 'roles'> | undefined,
  detail: Record<string, unknown>
): Promise<void> {
  const target = account
    ? { type: 'user_account' as const, id: account.id }
    : { type: 'user_account' as const, id: null };
  await appendAudit(
    ctx.db,
    auditOf(account ? { accountId: account.id, roles: account.roles } : null, origin, action, target, outcome, detail),
    now
  );
}
