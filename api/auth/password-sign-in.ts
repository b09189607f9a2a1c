/** Staff sign-in with username and password, the TOTP second factor, and the password change. */
import { and, eq } from 'drizzle-orm';
import { userAccounts } from '../../db/schema';
import type { SessionUser } from '../../domain/abilities';
import { checkPasswordPolicy } from '../../domain/password-policy';
import { hashPassword, verifyPassword } from '../../crypto/password';
import { generateTotpSecret, matchTotp, totpUri } from '../../crypto/totp';
import { ApiError, badRequest, tooManyRequests } from '../errors';
import type { SessionRestriction } from './sessions';
import {
  auditSignIn,
  invalidCredentials,
  loginKey,
  needsTotp,
  normaliseUsername,
  passwordExpired,
  recordPasswordFailure,
  startSession,
  type RequestOrigin,
  type SignInContext,
  type SignInResult
} from './sign-in-common';
import { authLimits } from './throttle';

const totpIssuer = '江西中医药大学附属医院备案系统';

export async function passwordSignIn(
  ctx: SignInContext,
  input: { username: string; password: string; totp?: string | undefined },
  origin: RequestOrigin
) {
  const now = ctx.now();
  const ipKey = `ip:${origin.ip ?? 'unknown'}`;
  const since = new Date(now.getTime() - authLimits.failureWindowMs);
  if ((await ctx.throttle.count('login_failure', ipKey, since)) >= authLimits.ipFailures) throw tooManyRequests();

  const username = normaliseUsername(input.username);
  const accountKey = loginKey(username);
  const [account] = await ctx.db
    .select()
    .from(userAccounts)
    .where(and(eq(userAccounts.username, username), eq(userAccounts.kind, 'staff')))
    .limit(1);
  // Always hash: an unknown user costs the same as a wrong password.
  const check = await verifyPassword(input.password, account?.passwordHash, ctx.settings.passwordIterations);
  const locked = await ctx.throttle.isLocked(accountKey, now);

  let restriction: SessionRestriction | null = null;
  let ok = check.ok && !locked && account !== undefined && !account.disabled;
  // An enrolled second factor is always asked for; admins without one must enrol first.
  if (ok && account && (account.totpSecretEnc || needsTotp(ctx, account.roles))) {
    if (account.totpSecretEnc) {
      const step = matchTotp(
        ctx.fieldCrypto.decrypt(account.totpSecretEnc),
        input.totp ?? '',
        now,
        account.totpLastStep ?? -1
      );
      if (step === undefined) ok = false;
      else await ctx.db.update(userAccounts).set({ totpLastStep: step }).where(eq(userAccounts.id, account.id));
    } else {
      restriction = 'totp_enrollment';
    }
  }

  if (!ok || !account) {
    await recordPasswordFailure(ctx, accountKey, ipKey, locked, origin, now, account);
    throw invalidCredentials();
  }

  await ctx.throttle.clear('login_failure', accountKey);
  if (check.needsRehash) {
    const passwordHash = await hashPassword(input.password, ctx.settings.passwordIterations);
    await ctx.db.update(userAccounts).set({ passwordHash }).where(eq(userAccounts.id, account.id));
  }
  if (!restriction && passwordExpired(ctx, account, now)) restriction = 'password_change';
  return startSession(ctx, account, restriction, origin, now, 'password');
}

/** Checks the current password (failures count towards the lock), sets the new one and ends every session. */
export async function changePassword(
  ctx: SignInContext,
  user: SessionUser,
  input: { currentPassword: string; newPassword: string },
  origin: RequestOrigin
): Promise<SignInResult> {
  const now = ctx.now();
  const [account] = await ctx.db.select().from(userAccounts).where(eq(userAccounts.id, user.accountId)).limit(1);
  if (!account?.username) throw badRequest('该账号不使用密码登录');
  const accountKey = loginKey(account.username);
  const check = await verifyPassword(input.currentPassword, account.passwordHash, ctx.settings.passwordIterations);
  const locked = await ctx.throttle.isLocked(accountKey, now);
  if (!check.ok || locked) {
    await recordPasswordFailure(ctx, accountKey, `ip:${origin.ip ?? 'unknown'}`, locked, origin, now, account);
    throw new ApiError(400, 'WRONG_PASSWORD', '原密码不正确');
  }
  const policy = checkPasswordPolicy(input.newPassword, { username: account.username });
  if (!policy.ok) throw new ApiError(422, 'WEAK_PASSWORD', policy.problems.join('；'), policy.problems);
  if (input.newPassword === input.currentPassword) throw new ApiError(422, 'WEAK_PASSWORD', '新密码不能与原密码相同');
  const passwordHash = await hashPassword(input.newPassword, ctx.settings.passwordIterations);
  await ctx.db
    .update(userAccounts)
    .set({ passwordHash, passwordChangedAt: now })
    .where(eq(userAccounts.id, account.id));
  await ctx.sessions.endAllOf(account.id, 'password_change', now);
  await auditSignIn(ctx, 'password_change', 'success', origin, now, account, {});
  const restriction = needsTotp(ctx, account.roles) && !account.totpSecretEnc ? 'totp_enrollment' : null;
  return startSession(
    ctx,
    { ...account, passwordHash, passwordChangedAt: now },
    restriction,
    origin,
    now,
    'password_change'
  );
}

/** A new secret waiting for its first code; the secret is shown once, to the signed-in staff member. */
export async function beginTotpEnrollment(
  ctx: SignInContext,
  user: SessionUser
): Promise<{ secret: string; otpauthUri: string }> {
  const [account] = await ctx.db.select().from(userAccounts).where(eq(userAccounts.id, user.accountId)).limit(1);
  if (!account?.username || account.kind !== 'staff') throw badRequest('该账号不能设置动态口令');
  if (account.totpSecretEnc) throw new ApiError(409, 'TOTP_ENROLLED', '动态口令已设置，如需重置请联系安全管理员');
  const secret = generateTotpSecret();
  await ctx.db
    .update(userAccounts)
    .set({ totpPendingEnc: ctx.fieldCrypto.encrypt(secret) })
    .where(eq(userAccounts.id, account.id));
  return { secret, otpauthUri: totpUri(secret, account.username, totpIssuer) };
}

export async function confirmTotpEnrollment(
  ctx: SignInContext,
  user: SessionUser,
  code: string,
  origin: RequestOrigin
): Promise<void> {
  const now = ctx.now();
  const [account] = await ctx.db.select().from(userAccounts).where(eq(userAccounts.id, user.accountId)).limit(1);
  if (!account?.totpPendingEnc) throw badRequest('请先获取动态口令密钥');
  const secret = ctx.fieldCrypto.decrypt(account.totpPendingEnc);
  const step = matchTotp(secret, code, now);
  if (step === undefined) throw new ApiError(400, 'WRONG_TOTP', '动态口令不正确');
  await ctx.db
    .update(userAccounts)
    .set({ totpSecretEnc: account.totpPendingEnc, totpPendingEnc: null, totpLastStep: step })
    .where(eq(userAccounts.id, account.id));
  await ctx.sessions.endAllOf(account.id, 'totp_enrolled', now);
  await auditSignIn(ctx, 'totp_enrolled', 'success', origin, now, account, {});
}
