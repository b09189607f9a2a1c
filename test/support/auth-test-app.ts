/**
 * Test support for the security modules: an API app with the auth, patients and audit modules on this run's
 * database, a movable clock, the SMS simulator and a scripted 1101 verifier.
 */
import crypto from 'node:crypto';
import { pino } from 'pino';
import request from 'supertest';
import type { Express } from 'express';
import type { DatabaseHandle } from '../../db/connection';
import { userAccounts } from '../../db/schema';
import type { Role } from '../../domain/abilities';
import { FieldCrypto } from '../../crypto/field-encryption';
import { hashPassword } from '../../crypto/password';
import { createTemporalClient } from '../../runtime/temporal-client';
import { openTestDatabase } from './database';
import { createApiApp } from '../../api/app';
import { createAuditModule } from '../../api/audit/audit-routes';
import { createPatientsModule } from '../../api/patients/patients';
import type { PersonVerifier } from '../../api/patients/person-verifier';
import { createAuthentication, type AuthSettings } from '../../api/auth/auth-routes';
import { SmsSimulator, WechatSimulator } from '../../api/auth/gateways';

export const testPassword = 'Kx9#mPq2vL';
/** Low enough for quick tests; real and dummy hashing use the same count, which is what timing needs. */
export const testIterations = 20_000;

export const testSettings: AuthSettings = {
  appEnv: 'test',
  passwordIterations: testIterations,
  adminTotpRequired: false,
  staffPasswordMaxAgeMs: 90 * 86_400_000,
  staffIdleMs: 30 * 60_000,
  patientIdleMs: 2 * 3_600_000,
  absoluteMs: 12 * 3_600_000
};

/** Accepts a person when the name is not `错误`; the insured person's number is derived from the ID number. */
export const scriptedVerifier: PersonVerifier = {
  verify: ({ name, idNo }) =>
    Promise.resolve(name === '错误' ? { ok: false } : { ok: true, insuredPersonNo: `36${idNo.slice(-8)}000000` })
};

export interface SecurityTestApp {
  app: Express;
  database: DatabaseHandle;
  fieldCrypto: FieldCrypto;
  sms: SmsSimulator;
  clock: { now: Date };
  close: () => Promise<void>;
}

export async function createSecurityTestApp(
  options: { settings?: Partial<AuthSettings>; maxDependants?: number; database?: DatabaseHandle } = {}
): Promise<SecurityTestApp> {
  const database = options.database ?? (await openTestDatabase());
  const fieldCrypto = new FieldCrypto({
    currentVersion: 1,
    versions: new Map([[1, { encryptionKey: crypto.randomBytes(16), macKey: crypto.randomBytes(32) }]]),
    blindIndexKey: crypto.randomBytes(32)
  });
  const sms = new SmsSimulator();
  const clock = { now: new Date() };
  const now = () => clock.now;
  const auth = createAuthentication({
    database,
    fieldCrypto,
    settings: { ...testSettings, ...options.settings },
    sms,
    wechat: new WechatSimulator(),
    now
  });
  const app = createApiApp({
    database,
    temporalClient: createTemporalClient('127.0.0.1:1', 'default'),
    namespace: 'default',
    taskQueue: 'security-test',
    workerStaleAfterMs: 20_000,
    logger: pino({ level: 'silent' }),
    corsOrigins: ['https://console.example.org'],
    modules: [
      auth.module,
      createPatientsModule({
        database,
        fieldCrypto,
        personVerifier: scriptedVerifier,
        maxDependants: options.maxDependants ?? 5,
        now
      }),
      createAuditModule({ database, now })
    ],
    authenticate: auth.authenticate,
    resolveUser: auth.resolveUser
  });
  return { app, database, fieldCrypto, sms, clock, close: () => database.close() };
}

/** A unique name per call: test files share one database. */
export function unique(prefix: string): string {
  return `${prefix}${crypto.randomBytes(4).toString('hex')}`;
}

/** A unique mobile number of the simulator's range. */
export function uniquePhone(): string {
  return `199${String(crypto.randomInt(0, 100_000_000)).padStart(8, '0')}`;
}

/** A unique client address (the app trusts X-Forwarded-For from loopback), so IP throttles stay per test. */
export function uniqueIp(): string {
  return `10.${crypto.randomInt(0, 256)}.${crypto.randomInt(0, 256)}.${crypto.randomInt(1, 255)}`;
}

export async function createStaff(
  database: DatabaseHandle,
  fields: { roles: Role[]; department?: string; password?: string }
): Promise<{ id: string; username: string }> {
  const username = unique('staff_');
  const [row] = await database.db
    .insert(userAccounts)
    .values({
      kind: 'staff',
      username,
      displayName: '测试职工',
      roles: fields.roles,
      department: fields.department ?? null,
      passwordHash: await hashPassword(fields.password ?? testPassword, testIterations),
      passwordChangedAt: new Date()
    })
    .returning({ id: userAccounts.id });
  if (!row) throw new Error('staff account not created');
  return { id: row.id, username };
}

export async function signInStaff(app: Express, username: string, password = testPassword): Promise<string> {
  const response = await request(app)
    .post('/api/auth/login')
    .set('X-Forwarded-For', uniqueIp())
    .send({ username, password });
  if (response.status !== 200) throw new Error(`sign-in failed: ${response.status}`);
  return (response.body as { token: string }).token;
}

export async function signInPatient(test: SecurityTestApp, phone = uniquePhone()): Promise<string> {
  const ip = uniqueIp();
  await request(test.app).post('/api/auth/sms/send').set('X-Forwarded-For', ip).send({ phone }).expect(202);
  const code = test.sms.lastCode(phone);
  const response = await request(test.app).post('/api/auth/sms/login').set('X-Forwarded-For', ip).send({ phone, code });
  if (response.status !== 200) throw new Error(`patient sign-in failed: ${response.status}`);
  return (response.body as { token: string }).token;
}
