/** Sign-in by every credential, sessions and lockout. Longer than 400 lines: one describe per credential. */
import { eq } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, authEvents, userAccounts } from '../../db/schema';
import { hashPassword } from '../../crypto/password';
import { totpCode } from '../../crypto/totp';
import { createAuthentication } from './auth-routes';
import { purgeExpiredSignInState } from './housekeeping';
import {
  createSecurityTestApp,
  createStaff,
  signInPatient,
  signInStaff,
  testPassword,
  testIterations,
  testSettings,
  unique,
  uniqueIp,
  uniquePhone,
  type SecurityTestApp
} from '../../test/support/auth-test-app';

let test: SecurityTestApp;
const minute = 60_000;

beforeAll(async () => {
  test = await createSecurityTestApp();
});
afterAll(async () => {
  await test.close();
});

function advance(ms: number): void {
  test.clock.now = new Date(test.clock.now.getTime() + ms);
}

const login = (username: string, password: string, ip = uniqueIp()) =>
  request(test.app).post('/api/auth/login').set('X-Forwarded-For', ip).send({ username, password });

const me = (token: string) => request(test.app).get('/api/auth/me').set('Authorization', `Bearer ${token}`);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

describe('password sign-in', () => {
  it('signs a staff member in with an opaque token and the session user', async () => {
    const staff = await createStaff(test.database, { roles: ['doctor'], department: '内分泌科' });
    const response = await login(staff.username, testPassword).expect(200);
    const body = response.body as { token: string; user: { accountId: string; roles: string[] } };
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.user).toMatchObject({ accountId: staff.id, roles: ['doctor'], department: '内分泌科' });
    expect(response.headers['cache-control']).toBe('no-store');
    await me(body.token).expect(200);
  });

  it('locks the account after 5 failures in 15 minutes and answers the sixth try exactly like a wrong password', async () => {
    const staff = await createStaff(test.database, { roles: ['doctor'] });
    const wrong = await login(staff.username, 'Wrong#Pass1');
    for (let attempt = 0; attempt < 4; attempt += 1) await login(staff.username, 'Wrong#Pass1');
    const locked = await login(staff.username, testPassword);
    expect(locked.status).toBe(401);
    expect(locked.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ code: 'INVALID_CREDENTIALS', message: '用户名、密码或动态口令错误' });

    const lockouts = await test.database.db.select().from(auditLogs).where(eq(auditLogs.actorAccountId, staff.id));
    expect(lockouts.map(row => row.action)).toContain('lockout');

    advance(15 * minute + 1000);
    await login(staff.username, testPassword).expect(200);
  });

  it('gives a guessed username and a real one the same status, body and timing', async () => {
    const staff = await createStaff(test.database, { roles: ['doctor'] });
    const differences: number[] = [];
    const hashCosts: number[] = [];
    let realBody: unknown;
    let guessedBody: unknown;
    // Paired and interleaved so load from other test files hits both sides alike; the real account locks after
    // five. The yardstick is one password hash measured in the same moments: skipping the hash for unknown
    // names would make the difference a whole hash.
    for (let sample = 0; sample < 50; sample += 1) {
      let started = performance.now();
      const a = await login(staff.username, `Wrong#${sample}x`);
      const real = performance.now() - started;
      started = performance.now();
      const b = await login(unique('nobody_'), `Wrong#${sample}x`);
      differences.push(real - (performance.now() - started));
      started = performance.now();
      await hashPassword(`Wrong#${sample}x`, testIterations);
      hashCosts.push(performance.now() - started);
      expect(a.status).toBe(401);
      expect(b.status).toBe(401);
      realBody ??= a.body;
      guessedBody ??= b.body;
      expect(a.body).toEqual(b.body);
    }
    expect(realBody).toEqual(guessedBody);
    expect(Math.abs(median(differences))).toBeLessThan(median(hashCosts) / 2);
  }, 120_000);

  it('throttles one IP after 30 failures without locking the accounts it did not try', async () => {
    const ip = uniqueIp();
    const bystander = await createStaff(test.database, { roles: ['doctor'] });
    for (let attempt = 0; attempt < 30; attempt += 1) await login(unique('guess_'), 'Wrong#Pass1', ip);
    await login(unique('guess_'), 'Wrong#Pass1', ip).expect(429);
    await login(bystander.username, testPassword, ip).expect(429);
    await login(bystander.username, testPassword).expect(200);
  });

  it('refuses a disabled account with the same answer as a wrong password', async () => {
    const staff = await createStaff(test.database, { roles: ['doctor'] });
    await test.database.db.update(userAccounts).set({ disabled: true }).where(eq(userAccounts.id, staff.id));
    const response = await login(staff.username, testPassword).expect(401);
    expect(response.body).toEqual({ code: 'INVALID_CREDENTIALS', message: '用户名、密码或动态口令错误' });
  });
});

describe('sessions', () => {
  it('ends a staff session after 30 idle minutes', async () => {
    const staff = await createStaff(test.database, { roles: ['doctor'] });
    const token = await signInStaff(test.app, staff.username);
    advance(29 * minute);
    await me(token).expect(200);
    advance(29 * minute);
    await me(token).expect(200);
    advance(30 * minute);
    await me(token).expect(401);
  });

  it('ends any session 12 hours after sign-in however active it is', async () => {
    const staff = await createStaff(test.database, { roles: ['doctor'] });
    const token = await signInStaff(test.app, staff.username);
    // A request every 20 minutes keeps it from idling out until the 12-hour mark.
    for (let elapsed = 20; elapsed <= 700; elapsed += 20) {
      advance(20 * minute);
      await me(token).expect(200);
    }
    advance(19 * minute);
    await me(token).expect(200);
    advance(2 * minute);
    await me(token).expect(401);
  });

  it('ends the session at logout', async () => {
    const staff = await createStaff(test.database, { roles: ['doctor'] });
    const token = await signInStaff(test.app, staff.username);
    await request(test.app).post('/api/auth/logout').set('Authorization', `Bearer ${token}`).expect(204);
    await me(token).expect(401);
  });

  it('ends every session of an account the moment it is disabled', async () => {
    const staff = await createStaff(test.database, { roles: ['doctor'] });
    const first = await signInStaff(test.app, staff.username);
    const second = await signInStaff(test.app, staff.username);
    await test.database.db.update(userAccounts).set({ disabled: true }).where(eq(userAccounts.id, staff.id));
    await me(first).expect(401);
    await me(second).expect(401);
  });

  it('ends every session when the password changes and returns a fresh token', async () => {
    const staff = await createStaff(test.database, { roles: ['doctor'] });
    const other = await signInStaff(test.app, staff.username);
    const current = await signInStaff(test.app, staff.username);
    const weak = await request(test.app)
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${current}`)
      .send({ currentPassword: testPassword, newPassword: 'password123' })
      .expect(422);
    expect((weak.body as { code: string }).code).toBe('WEAK_PASSWORD');
    const changed = await request(test.app)
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${current}`)
      .send({ currentPassword: testPassword, newPassword: 'Nq7$wRt4zY' })
      .expect(200);
    await me(other).expect(401);
    await me(current).expect(401);
    await me((changed.body as { token: string }).token).expect(200);
    await login(staff.username, 'Nq7$wRt4zY').expect(200);
  });

  it('rejects a made-up token as signed out', async () => {
    await me('A'.repeat(43)).expect(401);
  });
});

describe('SMS sign-in', () => {
  it('answers 202 for any phone and signs a new patient in, creating the account', async () => {
    const phone = uniquePhone();
    const ip = uniqueIp();
    const sent = await request(test.app)
      .post('/api/auth/sms/send')
      .set('X-Forwarded-For', ip)
      .send({ phone })
      .expect(202);
    const outbox = await request(test.app).get('/api/dev/sms-outbox').query({ phone }).expect(200);
    const code = (outbox.body as { code: string }).code;
    expect(code).toMatch(/^\d{6}$/);
    const response = await request(test.app)
      .post('/api/auth/sms/login')
      .set('X-Forwarded-For', ip)
      .send({ phone, code })
      .expect(200);
    const body = response.body as { user: { kind: string; displayName: string } };
    expect(body.user.kind).toBe('patient');
    expect(body.user.displayName).toBe(`${phone.slice(0, 3)}****${phone.slice(7)}`);
    // A known phone gets the same answer as the unknown one did.
    advance(2 * minute);
    const again = await request(test.app)
      .post('/api/auth/sms/send')
      .set('X-Forwarded-For', uniqueIp())
      .send({ phone })
      .expect(202);
    expect(again.body).toEqual(sent.body);
  });

  it('accepts a code once only', async () => {
    const phone = uniquePhone();
    await request(test.app).post('/api/auth/sms/send').set('X-Forwarded-For', uniqueIp()).send({ phone }).expect(202);
    const code = test.sms.lastCode(phone);
    await request(test.app)
      .post('/api/auth/sms/login')
      .set('X-Forwarded-For', uniqueIp())
      .send({ phone, code })
      .expect(200);
    await request(test.app)
      .post('/api/auth/sms/login')
      .set('X-Forwarded-For', uniqueIp())
      .send({ phone, code })
      .expect(401);
  });

  it('expires a code after 5 minutes', async () => {
    const phone = uniquePhone();
    await request(test.app).post('/api/auth/sms/send').set('X-Forwarded-For', uniqueIp()).send({ phone }).expect(202);
    const code = test.sms.lastCode(phone);
    advance(5 * minute + 1000);
    const response = await request(test.app)
      .post('/api/auth/sms/login')
      .set('X-Forwarded-For', uniqueIp())
      .send({ phone, code });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ code: 'INVALID_CODE', message: '验证码错误或已失效' });
  });

  it('burns a code after 5 wrong tries, even if the sixth is right', async () => {
    const phone = uniquePhone();
    await request(test.app).post('/api/auth/sms/send').set('X-Forwarded-For', uniqueIp()).send({ phone }).expect(202);
    const code = test.sms.lastCode(phone) ?? '';
    const wrong = code === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await request(test.app)
        .post('/api/auth/sms/login')
        .set('X-Forwarded-For', uniqueIp())
        .send({ phone, code: wrong })
        .expect(401);
    }
    await request(test.app)
      .post('/api/auth/sms/login')
      .set('X-Forwarded-For', uniqueIp())
      .send({ phone, code })
      .expect(401);
  });

  it('rate-limits sending per phone and per IP', async () => {
    const phone = uniquePhone();
    await request(test.app).post('/api/auth/sms/send').set('X-Forwarded-For', uniqueIp()).send({ phone }).expect(202);
    await request(test.app).post('/api/auth/sms/send').set('X-Forwarded-For', uniqueIp()).send({ phone }).expect(429);

    const ip = uniqueIp();
    for (let sent = 0; sent < 20; sent += 1) {
      await request(test.app)
        .post('/api/auth/sms/send')
        .set('X-Forwarded-For', ip)
        .send({ phone: uniquePhone() })
        .expect(202);
    }
    await request(test.app)
      .post('/api/auth/sms/send')
      .set('X-Forwarded-For', ip)
      .send({ phone: uniquePhone() })
      .expect(429);
  });

  it('never opens a staff account with a phone code', async () => {
    const phone = uniquePhone();
    const staff = await createStaff(test.database, { roles: ['admin'] });
    await test.database.db
      .update(userAccounts)
      .set({ phoneBlind: test.fieldCrypto.blindIndex('phone', phone) })
      .where(eq(userAccounts.id, staff.id));
    await request(test.app).post('/api/auth/sms/send').set('X-Forwarded-For', uniqueIp()).send({ phone }).expect(202);
    const response = await request(test.app)
      .post('/api/auth/sms/login')
      .set('X-Forwarded-For', uniqueIp())
      .send({ phone, code: test.sms.lastCode(phone) });
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ code: 'INVALID_CODE', message: '验证码错误或已失效' });
  });

  it('signs a patient in for their whole idle allowance and ends the session after it', async () => {
    const token = await signInPatient(test);
    advance(119 * minute);
    await me(token).expect(200);
    advance(2 * 3_600_000);
    await me(token).expect(401);
  });
});

describe('WeChat sign-in', () => {
  it('exchanges the code for the same patient account each time and never returns the session key', async () => {
    const code = unique('wx-');
    const first = await request(test.app).post('/api/auth/wechat').send({ code }).expect(200);
    const second = await request(test.app).post('/api/auth/wechat').send({ code }).expect(200);
    const user = (response: request.Response) => (response.body as { user: { accountId: string } }).user;
    expect(user(first).accountId).toBe(user(second).accountId);
    expect(JSON.stringify(first.body)).not.toMatch(/session_?key|openid/i);
  });

  it('refuses a code WeChat does not accept', async () => {
    await request(test.app).post('/api/auth/wechat').send({ code: 'invalid' }).expect(401);
  });
});

describe("doctors' WeChat binding", () => {
  const binding = (token: string) =>
    request(test.app).get('/api/auth/wechat/binding').set('Authorization', `Bearer ${token}`);
  const bind = (token: string, code: string) =>
    request(test.app).put('/api/auth/wechat/binding').set('Authorization', `Bearer ${token}`).send({ code });

  it('lets a doctor bind WeChat after a password sign-in, then sign in with WeChat alone until unbinding', async () => {
    const doctor = await createStaff(test.database, { roles: ['doctor'], department: '心血管内科' });
    const token = await signInStaff(test.app, doctor.username);
    expect((await binding(token).expect(200)).body).toEqual({ bound: false });
    const code = unique('wx-doctor-');
    expect((await bind(token, code).expect(200)).body).toEqual({ bound: true });

    const signedIn = await request(test.app).post('/api/auth/wechat').send({ code }).expect(200);
    const user = (signedIn.body as { user: { accountId: string; kind: string; roles: string[] } }).user;
    expect(user).toMatchObject({ accountId: doctor.id, kind: 'staff', roles: ['doctor'] });
    const actions = await test.database.db
      .select({ action: auditLogs.action })
      .from(auditLogs)
      .where(eq(auditLogs.actorAccountId, doctor.id));
    expect(actions.map(row => row.action)).toContain('wechat_bind');

    await request(test.app)
      .delete('/api/auth/wechat/binding')
      .set('Authorization', `Bearer ${token}`)
      .expect(200, { bound: false });
    // The same WeChat now opens a new patient account, never the doctor's.
    const after = await request(test.app).post('/api/auth/wechat').send({ code }).expect(200);
    expect((after.body as { user: { accountId: string; kind: string } }).user.kind).toBe('patient');
  });

  it('never binds WeChat to an account that needs a second factor, nor a WeChat another account uses', async () => {
    const admin = await createStaff(test.database, { roles: ['admin'] });
    await bind(await signInStaff(test.app, admin.username), unique('wx-admin-')).expect(403);

    const patientCode = unique('wx-patient-');
    await request(test.app).post('/api/auth/wechat').send({ code: patientCode }).expect(200);
    const doctor = await createStaff(test.database, { roles: ['doctor'], department: '内分泌科' });
    const token = await signInStaff(test.app, doctor.username);
    await bind(token, patientCode).expect(409);
    await bind(token, 'invalid').expect(401);
    expect((await binding(token).expect(200)).body).toEqual({ bound: false });
  });

  it('keeps the binding routes to staff', async () => {
    const patient = await signInPatient(test);
    await binding(patient).expect(403);
    await bind(patient, unique('wx-')).expect(403);
  });
});

describe('admin second factor', () => {
  it('sends an admin without TOTP to enrolment, then requires the code at sign-in', async () => {
    const strict = await createSecurityTestApp({ settings: { adminTotpRequired: true } });
    try {
      const admin = await createStaff(strict.database, { roles: ['admin'] });
      const first = await request(strict.app)
        .post('/api/auth/login')
        .set('X-Forwarded-For', uniqueIp())
        .send({ username: admin.username, password: testPassword })
        .expect(200);
      const { token, restriction } = first.body as { token: string; restriction: string };
      expect(restriction).toBe('totp_enrollment');
      await request(strict.app).get('/api/audit-logs').set('Authorization', `Bearer ${token}`).expect(401);

      const enrol = await request(strict.app)
        .post('/api/auth/totp/enroll')
        .set('Authorization', `Bearer ${token}`)
        .expect(200);
      const { secret } = enrol.body as { secret: string };
      await request(strict.app)
        .post('/api/auth/totp/confirm')
        .set('Authorization', `Bearer ${token}`)
        .send({ code: totpCode(secret, strict.clock.now) })
        .expect(204);

      const withoutCode = await request(strict.app)
        .post('/api/auth/login')
        .set('X-Forwarded-For', uniqueIp())
        .send({ username: admin.username, password: testPassword });
      expect(withoutCode.status).toBe(401);
      expect(withoutCode.body).toEqual({ code: 'INVALID_CREDENTIALS', message: '用户名、密码或动态口令错误' });

      strict.clock.now = new Date(strict.clock.now.getTime() + 60_000);
      const withCode = await request(strict.app)
        .post('/api/auth/login')
        .set('X-Forwarded-For', uniqueIp())
        .send({ username: admin.username, password: testPassword, totp: totpCode(secret, strict.clock.now) })
        .expect(200);
      expect((withCode.body as { restriction?: string }).restriction).toBeUndefined();
    } finally {
      await strict.close();
    }
  });
});

describe('expired staff passwords', () => {
  it('lets a staff member with a 91-day-old password do nothing but change it', async () => {
    const staff = await createStaff(test.database, { roles: ['doctor'] });
    await test.database.db
      .update(userAccounts)
      .set({ passwordChangedAt: new Date(test.clock.now.getTime() - 91 * 86_400_000) })
      .where(eq(userAccounts.id, staff.id));
    const response = await login(staff.username, testPassword).expect(200);
    const { token, restriction } = response.body as { token: string; restriction: string };
    expect(restriction).toBe('password_change');
    await me(token).expect(401);
    const changed = await request(test.app)
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${token}`)
      .send({ currentPassword: testPassword, newPassword: 'Vb3!kLm8sQ' })
      .expect(200);
    await me((changed.body as { token: string }).token).expect(200);
  });
});

describe('production', () => {
  it('refuses to start without real SMS and WeChat gateways', () => {
    const settings = { ...testSettings, appEnv: 'production' as const };
    expect(() => createAuthentication({ database: test.database, fieldCrypto: test.fieldCrypto, settings })).toThrow(
      /gateway/
    );
  });

  it('has no SMS outbox route', async () => {
    const production = await createSecurityTestApp({ settings: { appEnv: 'production' } });
    try {
      const phone = uniquePhone();
      await request(production.app)
        .post('/api/auth/sms/send')
        .set('X-Forwarded-For', uniqueIp())
        .send({ phone })
        .expect(202);
      const response = await request(production.app).get('/api/dev/sms-outbox').query({ phone }).expect(404);
      expect(response.body).toEqual({ code: 'NOT_FOUND', message: '接口不存在' });
    } finally {
      await production.close();
    }
  });
});

describe('housekeeping', () => {
  it('forgets throttle counters older than a day but keeps recent ones', async () => {
    const key = `ip:${uniqueIp()}`;
    const now = new Date();
    await test.database.db.insert(authEvents).values([
      { kind: 'login_failure', key, at: new Date(now.getTime() - 2 * 86_400_000) },
      { kind: 'login_failure', key, at: now }
    ]);
    await purgeExpiredSignInState(test.database.db, now);
    const left = await test.database.db.select().from(authEvents).where(eq(authEvents.key, key));
    expect(left).toHaveLength(1);
  });
});

describe('HTTP hygiene', () => {
  it('lets only the allow-listed console origin make cross-origin calls', async () => {
    const allowed = await request(test.app)
      .options('/api/auth/login')
      .set('Origin', 'https://console.example.org')
      .set('Access-Control-Request-Method', 'POST');
    expect(allowed.headers['access-control-allow-origin']).toBe('https://console.example.org');
    const foreign = await request(test.app)
      .options('/api/auth/login')
      .set('Origin', 'https://evil.example.com')
      .set('Access-Control-Request-Method', 'POST');
    expect(foreign.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses an oversized body with a generic error and no stack trace', async () => {
    const response = await request(test.app)
      .post('/api/auth/login')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ username: 'x', password: 'y'.repeat(2 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    expect(JSON.stringify(response.body)).not.toMatch(/at .*\.ts|Error:/);
  });
});
