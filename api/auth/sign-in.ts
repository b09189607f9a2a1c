/**
 * Sign-in for staff (password, TOTP for admins) and patients (SMS code, WeChat), one module per credential.
 * Every failure answers the same status and body whether the account exists, is locked or disabled, and
 * does the same hashing and database work, so neither the answer nor its timing tells an attacker anything
 * (WSTG-IDNT-04).
 */
import type { SessionUser } from '../../domain/abilities';
import { beginTotpEnrollment, changePassword, confirmTotpEnrollment, passwordSignIn } from './password-sign-in';
import type { RequestOrigin, SignInContext, SignInResult } from './sign-in-common';
import { sendSmsCode, smsSignIn } from './sms-sign-in';
import { bindWechat, unbindWechat, wechatBinding, wechatSignIn } from './wechat-sign-in';

export class SignInService {
  constructor(private readonly context: SignInContext) {}

  passwordSignIn(input: { username: string; password: string; totp?: string | undefined }, origin: RequestOrigin) {
    return passwordSignIn(this.context, input, origin);
  }

  sendSmsCode(phone: string, origin: RequestOrigin): Promise<void> {
    return sendSmsCode(this.context, phone, origin);
  }

  smsSignIn(input: { phone: string; code: string }, origin: RequestOrigin): Promise<SignInResult> {
    return smsSignIn(this.context, input, origin);
  }

  wechatSignIn(code: string, origin: RequestOrigin): Promise<SignInResult> {
    return wechatSignIn(this.context, code, origin);
  }

  wechatBinding(user: SessionUser): Promise<{ bound: boolean }> {
    return wechatBinding(this.context, user);
  }

  bindWechat(user: SessionUser, code: string, origin: RequestOrigin): Promise<{ bound: boolean }> {
    return bindWechat(this.context, user, code, origin);
  }

  unbindWechat(user: SessionUser, origin: RequestOrigin): Promise<{ bound: boolean }> {
    return unbindWechat(this.context, user, origin);
  }

  changePassword(
    user: SessionUser,
    input: { currentPassword: string; newPassword: string },
    origin: RequestOrigin
  ): Promise<SignInResult> {
    return changePassword(this.context, user, input, origin);
  }

  beginTotpEnrollment(user: SessionUser): Promise<{ secret: string; otpauthUri: string }> {
    return beginTotpEnrollment(this.context, user);
  }

  confirmTotpEnrollment(user: SessionUser, code: string, origin: RequestOrigin): Promise<void> {
    return confirmTotpEnrollment(this.context, user, code, origin);
  }
}
