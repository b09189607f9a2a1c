/**
 * Sign-in with the mini-program's WeChat login code: patients, and doctors who bound their WeChat to the
 * staff account after a password sign-in.
 */
import { eq } from 'drizzle-orm';
import { userAccounts } from '../../db/schema';
import type { SessionUser } from '../../domain/abilities';
import { ApiError } from '../errors';
import {
  auditSignIn,
  hasTotpRole,
  passwordExpired,
  patientAccount,
  startSession,
  wechatRefused,
  type AccountRow,
  type RequestOrigin,
  type SignInContext,
  type SignInResult
} from './sign-in-common';

const bindingRefused = () => new ApiError(403, 'WECHAT_BINDING_NOT_ALLOWED', '只有医生账号可以绑定微信');

export async function wechatSignIn(ctx: SignInContext, code: string, origin: RequestOrigin): Promise<SignInResult> {
  const now = ctx.now();
  const session = await ctx.wechat.codeToSession(code);
  if (!session) {
    await auditSignIn(ctx, 'sign_in_failed', 'failure', origin, now, undefined, { method: 'wechat' });
    throw wechatRefused();
  }
  const [bound] = await ctx.db
    .select()
    .from(userAccounts)
    .where(eq(userAccounts.wechatOpenid, session.openid))
    .limit(1);
  if (bound?.kind === 'staff') {
    if (bound.disabled || !mayBindWechat(bound)) {
      await auditSignIn(ctx, 'sign_in_failed', 'failure', origin, now, bound, { method: 'wechat', staffWechat: true });
      throw wechatRefused();
    }
    return startSession(ctx, bound, passwordExpired(ctx, bound, now) ? 'password_change' : null, origin, now, 'wechat');
  }
  const account = await patientAccount(
    ctx,
    eq(userAccounts.wechatOpenid, session.openid),
    { wechatOpenid: session.openid },
    '微信用户'
  );
  if (!account) {
    await auditSignIn(ctx, 'sign_in_failed', 'failure', origin, now, undefined, {
      method: 'wechat',
      staffWechat: true
    });
    throw wechatRefused();
  }
  if (account.disabled) {
    await auditSignIn(ctx, 'sign_in_failed', 'failure', origin, now, account, { method: 'wechat', disabled: true });
    throw wechatRefused();
  }
  return startSession(ctx, account, null, origin, now, 'wechat');
}

/**
 * Doctors may bind their WeChat so the mini-program signs them in without the password. Accounts that take
 * a second factor (admins, security admins, anyone enrolled) never may: WeChat alone would bypass it.
 */
function mayBindWechat(account: AccountRow): boolean {
  return (
    account.kind === 'staff' &&
    account.roles.includes('doctor') &&
    !account.totpSecretEnc &&
    !hasTotpRole(account.roles)
  );
}

async function accountOf(ctx: SignInContext, user: SessionUser): Promise<AccountRow | undefined> {
  const [account] = await ctx.db.select().from(userAccounts).where(eq(userAccounts.id, user.accountId)).limit(1);
  return account;
}

export async function wechatBinding(ctx: SignInContext, user: SessionUser): Promise<{ bound: boolean }> {
  return { bound: Boolean((await accountOf(ctx, user))?.wechatOpenid) };
}

/** Binds the WeChat of this `wx.login` code to the signed-in doctor's account (one WeChat per account). */
export async function bindWechat(
  ctx: SignInContext,
  user: SessionUser,
  code: string,
  origin: RequestOrigin
): Promise<{ bound: boolean }> {
  const now = ctx.now();
  const account = await accountOf(ctx, user);
  if (!account || !mayBindWechat(account)) throw bindingRefused();
  const session = await ctx.wechat.codeToSession(code);
  if (!session) throw wechatRefused();
  const [holder] = await ctx.db
    .select({ id: userAccounts.id })
    .from(userAccounts)
    .where(eq(userAccounts.wechatOpenid, session.openid))
    .limit(1);
  if (holder && holder.id !== account.id) {
    throw new ApiError(409, 'WECHAT_IN_USE', '这个微信已用于其他账号（如患者登录），不能再绑定');
  }
  await ctx.db.update(userAccounts).set({ wechatOpenid: session.openid }).where(eq(userAccounts.id, account.id));
  await auditSignIn(ctx, 'wechat_bind', 'success', origin, now, account, {});
  return { bound: true };
}

export async function unbindWechat(
  ctx: SignInContext,
  user: SessionUser,
  origin: RequestOrigin
): Promise<{ bound: boolean }> {
  const account = await accountOf(ctx, user);
  if (account?.kind !== 'staff') throw bindingRefused();
  if (account.wechatOpenid) {
    await ctx.db.update(userAccounts).set({ wechatOpenid: null }).where(eq(userAccounts.id, account.id));
    await auditSignIn(ctx, 'wechat_unbind', 'success', origin, ctx.now(), account, {});
  }
  return { bound: false };
}
