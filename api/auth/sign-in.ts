/**
 * Sign-in for staff (password, TOTP for admins) and patients (SMS code, WeChat). Every failure answers the
 * same status and body whether the account exists, is locked or disabled, and does the same hashing and
 * database work, so neither the answer nor its timing tells an attacker anything (WSTG-IDNT-04).
 */
import crypto from 'node:crypto';
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import type { Database } from '../../db/connection';
import { smsCodes, userAccounts } from '../../db/schema';
import type { SessionUser } from '../../domain/abilities';
import { maskPhone } from '../../domain/masking';
import { checkPasswordPolicy } from '../../domain/password-policy';
import { sm3 } from '../../crypto/gm';
import type { FieldCrypto } from '../../crypto/field-encryption';
import { hashPassword, verifyPassword } from '../../crypto/password';
import { generateTotpSecret, matchTotp, totpUri } from '../../crypto/totp';
import { appendAudit, type AuditAction, type AuditOutcome } from '../audit/audit-log';
import { ApiError, badRequest, tooManyRequests } from '../errors';
import type { SmsGateway, WechatGateway } from './gateways';
import type { SessionRestriction, SessionStore } from './sessions';
import { authLimits, type Throttle } from './throttle';

export interface SignInSettings {
  passwordIterations: number;
  adminTotpRequired: boolean;
  staffPasswordMaxAgeMs: number;
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

/** The one answer to any failed password sign-in, locked or not, known user or not. */
export const invalidCredentials = () => new ApiError(401, 'INVALID_CREDENTIALS', '用户名、密码或动态口令错误');
export const invalidSmsCode = () => new ApiError(401, 'INVALID_CODE', '验证码错误或已失效');
export const wechatRefused = () => new ApiError(401, 'WECHAT_LOGIN_FAILED', '微信登录失败，请重试');

const totpRoles = new Set(['admin', 'secadmin']);
const totpIssuer = '江西中医药大学附属医院备案系统';

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

export class SignInService {
  constructor(
    private readonly db: Database,
    private readonly fieldCrypto: FieldCrypto,
    private readonly sessions: SessionStore,
    private readonly throttle: Throttle,
    private readonly settings: SignInSettings,
    private readonly sms: SmsGateway,
    private readonly wechat: WechatGateway,
    private readonly now: () => Date
  ) {}

  async passwordSignIn(
    input: { username: string; password: string; totp?: string | undefined },
    origin: RequestOrigin
  ) {
    const now = this.now();
    const ipKey = `ip:${origin.ip ?? 'unknown'}`;
    const since = new Date(now.getTime() - authLimits.failureWindowMs);
    if ((await this.throttle.count('login_failure', ipKey, since)) >= authLimits.ipFailures) throw tooManyRequests();

    const username = normaliseUsername(input.username);
    const accountKey = loginKey(username);
    const [account] = await this.db
      .select()
      .from(userAccounts)
      .where(and(eq(userAccounts.username, username), eq(userAccounts.kind, 'staff')))
      .limit(1);
    // Always hash: an unknown user costs the same as a wrong password.
    const check = await verifyPassword(input.password, account?.passwordHash, this.settings.passwordIterations);
    const locked = await this.throttle.isLocked(accountKey, now);

    let restriction: SessionRestriction | null = null;
    let ok = check.ok && !locked && account !== undefined && !account.disabled;
    // An enrolled second factor is always asked for; admins without one must enrol first.
    if (ok && account && (account.totpSecretEnc || this.needsTotp(account.roles))) {
      if (account.totpSecretEnc) {
        const step = matchTotp(
          this.fieldCrypto.decrypt(account.totpSecretEnc),
          input.totp ?? '',
          now,
          account.totpLastStep ?? -1
        );
        if (step === undefined) ok = false;
        else await this.db.update(userAccounts).set({ totpLastStep: step }).where(eq(userAccounts.id, account.id));
      } else {
        restriction = 'totp_enrollment';
      }
    }

    if (!ok || !account) {
      await this.recordPasswordFailure(accountKey, ipKey, locked, origin, now, account);
      throw invalidCredentials();
    }

    await this.throttle.clear('login_failure', accountKey);
    if (check.needsRehash) {
      const passwordHash = await hashPassword(input.password, this.settings.passwordIterations);
      await this.db.update(userAccounts).set({ passwordHash }).where(eq(userAccounts.id, account.id));
    }
    const changedAt = account.passwordChangedAt ?? account.createdAt;
    if (!restriction && now.getTime() - changedAt.getTime() > this.settings.staffPasswordMaxAgeMs) {
      restriction = 'password_change';
    }
    return this.startSession(account, restriction, origin, now, 'password');
  }

  async sendSmsCode(phone: string, origin: RequestOrigin): Promise<void> {
    const now = this.now();
    const phoneKey = `phone:${this.fieldCrypto.blindIndex('phone', phone)}`;
    const ipKey = `ip:${origin.ip ?? 'unknown'}`;
    const ago = (ms: number) => new Date(now.getTime() - ms);
    if (
      (await this.throttle.count('sms_send', phoneKey, ago(authLimits.smsPhoneIntervalMs))) >= 1 ||
      (await this.throttle.count('sms_send', phoneKey, ago(86_400_000))) >= authLimits.smsPhonePerDay ||
      (await this.throttle.count('sms_send', ipKey, ago(3_600_000))) >= authLimits.smsIpPerHour
    ) {
      throw tooManyRequests('验证码发送过于频繁，请稍后再试');
    }
    await this.throttle.record('sms_send', [phoneKey, ipKey], now);
    const phoneBlind = this.fieldCrypto.blindIndex('phone', phone);
    const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
    await this.db.transaction(async tx => {
      // A new code replaces the earlier ones.
      await tx
        .update(smsCodes)
        .set({ consumedAt: now })
        .where(and(eq(smsCodes.phoneBlind, phoneBlind), isNull(smsCodes.consumedAt)));
      await tx.insert(smsCodes).values({
        phoneBlind,
        codeHash: smsCodeHash(phoneBlind, code),
        createdAt: now,
        expiresAt: new Date(now.getTime() + authLimits.smsCodeTtlMs)
      });
    });
    await this.sms.sendCode(phone, code);
  }

  async smsSignIn(input: { phone: string; code: string }, origin: RequestOrigin): Promise<SignInResult> {
    const now = this.now();
    const ipKey = `ip:${origin.ip ?? 'unknown'}`;
    if (
      (await this.throttle.count('sms_failure', ipKey, new Date(now.getTime() - authLimits.failureWindowMs))) >=
      authLimits.ipFailures
    ) {
      throw tooManyRequests();
    }
    const phoneBlind = this.fieldCrypto.blindIndex('phone', input.phone);
    const [pending] = await this.db
      .select()
      .from(smsCodes)
      .where(and(eq(smsCodes.phoneBlind, phoneBlind), isNull(smsCodes.consumedAt)))
      .orderBy(desc(smsCodes.createdAt))
      .limit(1);
    const usable = pending !== undefined && pending.expiresAt > now && pending.attempts < authLimits.smsCodeMaxTries;
    const matches =
      usable && crypto.timingSafeEqual(Buffer.from(pending.codeHash), Buffer.from(smsCodeHash(phoneBlind, input.code)));
    // Consuming is one conditional update, so two requests cannot both use the code.
    const [consumed] =
      matches && pending
        ? await this.db
            .update(smsCodes)
            .set({ consumedAt: now })
            .where(and(eq(smsCodes.id, pending.id), isNull(smsCodes.consumedAt)))
            .returning({ id: smsCodes.id })
        : [];
    if (!consumed) {
      if (pending && usable) {
        await this.db
          .update(smsCodes)
          .set({ attempts: sql`${smsCodes.attempts} + 1` })
          .where(and(eq(smsCodes.id, pending.id), lt(smsCodes.attempts, authLimits.smsCodeMaxTries)));
      }
      await this.throttle.record('sms_failure', [ipKey], now);
      await this.audit('sign_in_failed', 'failure', origin, now, undefined, { method: 'sms' });
      throw invalidSmsCode();
    }
    const account = await this.patientAccount(
      eq(userAccounts.phoneBlind, phoneBlind),
      { phoneBlind, phoneEnc: this.fieldCrypto.encrypt(input.phone) },
      maskPhone(input.phone)
    );
    if (!account) {
      await this.audit('sign_in_failed', 'failure', origin, now, undefined, { method: 'sms', staffPhone: true });
      throw invalidSmsCode();
    }
    if (account.disabled) {
      await this.audit('sign_in_failed', 'failure', origin, now, account, { method: 'sms', disabled: true });
      throw invalidSmsCode();
    }
    return this.startSession(account, null, origin, now, 'sms');
  }

  async wechatSignIn(code: string, origin: RequestOrigin): Promise<SignInResult> {
    const now = this.now();
    const session = await this.wechat.codeToSession(code);
    if (!session) {
      await this.audit('sign_in_failed', 'failure', origin, now, undefined, { method: 'wechat' });
      throw wechatRefused();
    }
    const [bound] = await this.db
      .select()
      .from(userAccounts)
      .where(eq(userAccounts.wechatOpenid, session.openid))
      .limit(1);
    // A doctor who bound this WeChat to the staff account after a password sign-in (see bindWechat).
    if (bound?.kind === 'staff') {
      if (bound.disabled || !this.mayBindWechat(bound)) {
        await this.audit('sign_in_failed', 'failure', origin, now, bound, { method: 'wechat', staffWechat: true });
        throw wechatRefused();
      }
      const changedAt = bound.passwordChangedAt ?? bound.createdAt;
      const expired = now.getTime() - changedAt.getTime() > this.settings.staffPasswordMaxAgeMs;
      return this.startSession(bound, expired ? 'password_change' : null, origin, now, 'wechat');
    }
    const account = await this.patientAccount(
      eq(userAccounts.wechatOpenid, session.openid),
      { wechatOpenid: session.openid },
      '微信用户'
    );
    if (!account) {
      await this.audit('sign_in_failed', 'failure', origin, now, undefined, { method: 'wechat', staffWechat: true });
      throw wechatRefused();
    }
    if (account.disabled) {
      await this.audit('sign_in_failed', 'failure', origin, now, account, { method: 'wechat', disabled: true });
      throw wechatRefused();
    }
    return this.startSession(account, null, origin, now, 'wechat');
  }

  /**
   * Doctors may bind their WeChat so the mini-program signs them in without the password. Accounts that need
   * a second factor (admins, security admins, anyone enrolled) never may: WeChat alone would bypass it.
   */
  private mayBindWechat(account: typeof userAccounts.$inferSelect): boolean {
    return (
      account.kind === 'staff' &&
      account.roles.includes('doctor') &&
      !account.totpSecretEnc &&
      !account.roles.some(role => totpRoles.has(role))
    );
  }

  async wechatBinding(user: SessionUser): Promise<{ bound: boolean }> {
    const [account] = await this.db.select().from(userAccounts).where(eq(userAccounts.id, user.accountId)).limit(1);
    return { bound: Boolean(account?.wechatOpenid) };
  }

  /** Binds the WeChat of this `wx.login` code to the signed-in doctor's account (one WeChat per account). */
  async bindWechat(user: SessionUser, code: string, origin: RequestOrigin): Promise<{ bound: boolean }> {
    const now = this.now();
    const [account] = await this.db.select().from(userAccounts).where(eq(userAccounts.id, user.accountId)).limit(1);
    if (!account || !this.mayBindWechat(account)) {
      throw new ApiError(403, 'WECHAT_BINDING_NOT_ALLOWED', '只有医生账号可以绑定微信');
    }
    const session = await this.wechat.codeToSession(code);
    if (!session) throw wechatRefused();
    const [holder] = await this.db
      .select({ id: userAccounts.id })
      .from(userAccounts)
      .where(eq(userAccounts.wechatOpenid, session.openid))
      .limit(1);
    if (holder && holder.id !== account.id) {
      throw new ApiError(409, 'WECHAT_IN_USE', '这个微信已用于其他账号（如患者登录），不能再绑定');
    }
    await this.db.update(userAccounts).set({ wechatOpenid: session.openid }).where(eq(userAccounts.id, account.id));
    await this.audit('wechat_bind', 'success', origin, now, account, {});
    return { bound: true };
  }

  async unbindWechat(user: SessionUser, origin: RequestOrigin): Promise<{ bound: boolean }> {
    const [account] = await this.db.select().from(userAccounts).where(eq(userAccounts.id, user.accountId)).limit(1);
    if (account?.kind !== 'staff') throw new ApiError(403, 'WECHAT_BINDING_NOT_ALLOWED', '只有医生账号可以绑定微信');
    if (account.wechatOpenid) {
      await this.db.update(userAccounts).set({ wechatOpenid: null }).where(eq(userAccounts.id, account.id));
      await this.audit('wechat_unbind', 'success', origin, this.now(), account, {});
    }
    return { bound: false };
  }

  /** Checks the current password (failures count towards the lock), sets the new one and ends every session. */
  async changePassword(
    user: SessionUser,
    input: { currentPassword: string; newPassword: string },
    origin: RequestOrigin
  ): Promise<SignInResult> {
    const now = this.now();
    const [account] = await this.db.select().from(userAccounts).where(eq(userAccounts.id, user.accountId)).limit(1);
    if (!account?.username) throw badRequest('该账号不使用密码登录');
    const accountKey = loginKey(account.username);
    const check = await verifyPassword(input.currentPassword, account.passwordHash, this.settings.passwordIterations);
    const locked = await this.throttle.isLocked(accountKey, now);
    if (!check.ok || locked) {
      await this.recordPasswordFailure(accountKey, `ip:${origin.ip ?? 'unknown'}`, locked, origin, now, account);
      throw new ApiError(400, 'WRONG_PASSWORD', '原密码不正确');
    }
    const policy = checkPasswordPolicy(input.newPassword, { username: account.username });
    if (!policy.ok) throw new ApiError(422, 'WEAK_PASSWORD', policy.problems.join('；'), policy.problems);
    if (input.newPassword === input.currentPassword) throw new ApiError(422, 'WEAK_PASSWORD', '新密码不能与原密码相同');
    const passwordHash = await hashPassword(input.newPassword, this.settings.passwordIterations);
    await this.db
      .update(userAccounts)
      .set({ passwordHash, passwordChangedAt: now })
      .where(eq(userAccounts.id, account.id));
    await this.sessions.endAllOf(account.id, 'password_change', now);
    await this.audit('password_change', 'success', origin, now, account, {});
    const restriction = this.needsTotp(account.roles) && !account.totpSecretEnc ? 'totp_enrollment' : null;
    return this.startSession(
      { ...account, passwordHash, passwordChangedAt: now },
      restriction,
      origin,
      now,
      'password_change'
    );
  }

  /** A new secret waiting for its first code; the secret is shown once, to the signed-in staff member. */
  async beginTotpEnrollment(user: SessionUser): Promise<{ secret: string; otpauthUri: string }> {
    const [account] = await this.db.select().from(userAccounts).where(eq(userAccounts.id, user.accountId)).limit(1);
    if (!account?.username || account.kind !== 'staff') throw badRequest('该账号不能设置动态口令');
    if (account.totpSecretEnc) throw new ApiError(409, 'TOTP_ENROLLED', '动态口令已设置，如需重置请联系安全管理员');
    const secret = generateTotpSecret();
    await this.db
      .update(userAccounts)
      .set({ totpPendingEnc: this.fieldCrypto.encrypt(secret) })
      .where(eq(userAccounts.id, account.id));
    return { secret, otpauthUri: totpUri(secret, account.username, totpIssuer) };
  }

  async confirmTotpEnrollment(user: SessionUser, code: string, origin: RequestOrigin): Promise<void> {
    const now = this.now();
    const [account] = await this.db.select().from(userAccounts).where(eq(userAccounts.id, user.accountId)).limit(1);
    if (!account?.totpPendingEnc) throw badRequest('请先获取动态口令密钥');
    const secret = this.fieldCrypto.decrypt(account.totpPendingEnc);
    const step = matchTotp(secret, code, now);
    if (step === undefined) throw new ApiError(400, 'WRONG_TOTP', '动态口令不正确');
    await this.db
      .update(userAccounts)
      .set({ totpSecretEnc: account.totpPendingEnc, totpPendingEnc: null, totpLastStep: step })
      .where(eq(userAccounts.id, account.id));
    await this.sessions.endAllOf(account.id, 'totp_enrolled', now);
    await this.audit('totp_enrolled', 'success', origin, now, account, {});
  }

  /** Counts a failure for the IP and (unless already locked) the account, locking it at the limit. */
  private async recordPasswordFailure(
    accountKey: string,
    ipKey: string,
    locked: boolean,
    origin: RequestOrigin,
    now: Date,
    account: typeof userAccounts.$inferSelect | undefined
  ): Promise<void> {
    await this.throttle.record('login_failure', locked ? [ipKey] : [ipKey, accountKey], now);
    await this.audit('sign_in_failed', 'failure', origin, now, account, { method: 'password', locked });
    const since = new Date(now.getTime() - authLimits.failureWindowMs);
    if (!locked && (await this.throttle.count('login_failure', accountKey, since)) >= authLimits.accountFailures) {
      await this.throttle.lock(accountKey, new Date(now.getTime() + authLimits.lockMs));
      await this.audit('lockout', 'success', origin, now, account, { lockMinutes: authLimits.lockMs / 60_000 });
    }
  }

  private needsTotp(roles: string[]): boolean {
    return this.settings.adminTotpRequired && roles.some(role => totpRoles.has(role));
  }

  /**
   * The patient account with this phone or openid, created on first sign-in; undefined when a staff account
   * holds it, so a phone code never opens a staff account without its password.
   */
  private async patientAccount(
    match: ReturnType<typeof eq>,
    identity: Partial<typeof userAccounts.$inferInsert>,
    displayName: string
  ): Promise<typeof userAccounts.$inferSelect | undefined> {
    const [existing] = await this.db.select().from(userAccounts).where(match).limit(1);
    if (!existing) {
      await this.db
        .insert(userAccounts)
        .values({ kind: 'patient', roles: ['patient'], displayName, ...identity })
        .onConflictDoNothing();
    }
    // A concurrent first sign-in may have created it: read whichever row won.
    const [account] = existing ? [existing] : await this.db.select().from(userAccounts).where(match).limit(1);
    return account?.kind === 'patient' ? account : undefined;
  }

  private async startSession(
    account: typeof userAccounts.$inferSelect,
    restriction: SessionRestriction | null,
    origin: RequestOrigin,
    now: Date,
    method: string
  ): Promise<SignInResult> {
    const token = await this.sessions.create(account.id, restriction, now);
    await this.audit('sign_in', 'success', origin, now, account, { method, restriction });
    const active = await this.sessions.resolve(token, now);
    if (!active) throw new Error('new session did not resolve');
    const user = active.user;
    return restriction ? { token, user, restriction } : { token, user };
  }

  private async audit(
    action: AuditAction,
    outcome: AuditOutcome,
    origin: RequestOrigin,
    now: Date,
    account: Pick<typeof userAccounts.$inferSelect, 'id' | 'roles'> | undefined,
    detail: Record<string, unknown>
  ): Promise<void> {
    await appendAudit(
      this.db,
      {
        actorAccountId: account?.id ?? null,
        actorRole: account ? account.roles.join(',') : null,
        action,
        targetType: 'UserAccount',
        targetId: account?.id ?? null,
        outcome,
        ip: origin.ip,
        detail
      },
      now
    );
  }
}

/** The lock counts per username, so unknown names lock exactly like real ones. */
function loginKey(username: string): string {
  return `login:${sm3(`login\u0000${username}`).toString('hex')}`;
}

function smsCodeHash(phoneBlind: string, code: string): string {
  return sm3(`sms\u0000${phoneBlind}\u0000${code}`).toString('hex');
}
