/** Patient sign-in with a phone number and an SMS code. */
import crypto from 'node:crypto';
import { and, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { smsCodes, userAccounts } from '../../db/schema';
import { maskPhone } from '../../domain/masking';
import { sm3 } from '../../crypto/gm';
import { tooManyRequests } from '../errors';
import {
  auditSignIn,
  invalidSmsCode,
  patientAccount,
  startSession,
  type RequestOrigin,
  type SignInContext,
  type SignInResult
} from './sign-in-common';
import { authLimits } from './throttle';

function smsCodeHash(phoneBlind: string, code: string): string {
  return sm3(`sms\u0000${phoneBlind}\u0000${code}`).toString('hex');
}

export async function sendSmsCode(ctx: SignInContext, phone: string, origin: RequestOrigin): Promise<void> {
  const now = ctx.now();
  const phoneKey = `phone:${ctx.fieldCrypto.blindIndex('phone', phone)}`;
  const ipKey = `ip:${origin.ip ?? 'unknown'}`;
  const ago = (ms: number) => new Date(now.getTime() - ms);
  if (
    (await ctx.throttle.count('sms_send', phoneKey, ago(authLimits.smsPhoneIntervalMs))) >= 1 ||
    (await ctx.throttle.count('sms_send', phoneKey, ago(86_400_000))) >= authLimits.smsPhonePerDay ||
    (await ctx.throttle.count('sms_send', ipKey, ago(3_600_000))) >= authLimits.smsIpPerHour
  ) {
    throw tooManyRequests('验证码发送过于频繁，请稍后再试');
  }
  await ctx.throttle.record('sms_send', [phoneKey, ipKey], now);
  const phoneBlind = ctx.fieldCrypto.blindIndex('phone', phone);
  const code = String(crypto.randomInt(0, 1_000_000)).padStart(6, '0');
  await ctx.db.transaction(async tx => {
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
  await ctx.sms.sendCode(phone, code);
}

export async function smsSignIn(
  ctx: SignInContext,
  input: { phone: string; code: string },
  origin: RequestOrigin
): Promise<SignInResult> {
  const now = ctx.now();
  const ipKey = `ip:${origin.ip ?? 'unknown'}`;
  if (
    (await ctx.throttle.count('sms_failure', ipKey, new Date(now.getTime() - authLimits.failureWindowMs))) >=
    authLimits.ipFailures
  ) {
    throw tooManyRequests();
  }
  const phoneBlind = ctx.fieldCrypto.blindIndex('phone', input.phone);
  const [pending] = await ctx.db
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
      ? await ctx.db
          .update(smsCodes)
          .set({ consumedAt: now })
          .where(and(eq(smsCodes.id, pending.id), isNull(smsCodes.consumedAt)))
          .returning({ id: smsCodes.id })
      : [];
  if (!consumed) {
    if (pending && usable) {
      await ctx.db
        .update(smsCodes)
        .set({ attempts: sql`${smsCodes.attempts} + 1` })
        .where(and(eq(smsCodes.id, pending.id), lt(smsCodes.attempts, authLimits.smsCodeMaxTries)));
    }
    await ctx.throttle.record('sms_failure', [ipKey], now);
    await auditSignIn(ctx, 'sign_in_failed', 'failure', origin, now, undefined, { method: 'sms' });
    throw invalidSmsCode();
  }
  const account = await patientAccount(
    ctx,
    eq(userAccounts.phoneBlind, phoneBlind),
    { phoneBlind, phoneEnc: ctx.fieldCrypto.encrypt(input.phone) },
    maskPhone(input.phone)
  );
  if (!account) {
    await auditSignIn(ctx, 'sign_in_failed', 'failure', origin, now, undefined, { method: 'sms', staffPhone: true });
    throw invalidSmsCode();
  }
  if (account.disabled) {
    await auditSignIn(ctx, 'sign_in_failed', 'failure', origin, now, account, { method: 'sms', disabled: true });
    throw invalidSmsCode();
  }
  return startSession(ctx, account, null, origin, now, 'sms');
}
