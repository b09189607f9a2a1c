/** Patient sign-in with the mini-program's WeChat login code. */
import { eq } from 'drizzle-orm';
import { userAccounts } from '../../db/schema';
import { WechatApiError, type WechatGateway } from '../../wechat';
import {
  auditSignIn,
  outsideServiceUnavailable,
  patientAccount,
  startSession,
  wechatRefused,
  type RequestOrigin,
  type SignInContext,
  type SignInResult
} from './sign-in-common';

export async function wechatSignIn(ctx: SignInContext, code: string, origin: RequestOrigin): Promise<SignInResult> {
  const now = ctx.now();
  let session: Awaited<ReturnType<WechatGateway['codeToSession']>>;
  try {
    session = await ctx.wechat.codeToSession(code);
  } catch (error) {
    if (error instanceof WechatApiError)
      throw outsideServiceUnavailable('WECHAT_UNAVAILABLE', '微信登录暂不可用，请稍后再试', error);
    throw error;
  }
  if (!session) {
    await auditSignIn(ctx, 'sign_in_failed', 'failure', origin, now, undefined, { method: 'wechat' });
    throw wechatRefused();
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
