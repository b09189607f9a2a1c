import crypto from 'node:crypto';
import { desc, eq, sql } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLogs, minorAccessLogs } from '../../db/schema';
import type { SessionUser } from '../../domain/abilities';
import { makeIdNumber } from '../../domain/id-number';
import {
  createSecurityTestApp,
  createStaff,
  signInPatient,
  signInStaff,
  type SecurityTestApp
} from '../../test/support/auth-test-app';
import { ApiError } from '../errors';
import { appendAudit, canonicalJson, purgeExpiredAuditLogs, verifyAuditChain } from './audit-log';
import { assertMinorAccess } from './minor-access';

let test: SecurityTestApp;

beforeAll(async () => {
  test = await createSecurityTestApp();
});
afterAll(async () => {
  await test.close();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

async function linkedChild(): Promise<string> {
  const token = await signInPatient(test);
  const now = new Date();
  const birth = `${now.getFullYear() - 9}-01-01`;
  const response = await request(test.app)
    .post('/api/me/patients')
    .set(bearer(token))
    .send({ name: '小华', idNo: makeIdNumber('360102', birth, crypto.randomInt(0, 1000)), relation: 'child' })
    .expect(201);
  return (response.body as { id: string }).id;
}

describe('audit chain', () => {
  it('writes canonical JSON whatever the key order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}'
    );
  });

  it('keeps one unforked chain under concurrent appends', async () => {
    await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        appendAudit(test.database.db, {
          actorAccountId: null,
          actorRole: 'system',
          action: 'export',
          targetType: 'minor_report',
          targetId: String(index),
          outcome: 'success',
          ip: null,
          detail: { index }
        })
      )
    );
    const verification = await verifyAuditChain(test.database.db);
    expect(verification.valid).toBe(true);
    expect(verification.checked).toBeGreaterThanOrEqual(20);
  });

  it('refuses to change or delete an audit row', async () => {
    await expect(test.database.db.execute(sql`update audit_logs set outcome = 'failure'`)).rejects.toThrow();
    await expect(test.database.db.execute(sql`delete from audit_logs`)).rejects.toThrow();
  });

  it('lets the auditor list and verify the log, and detects one tampered row', async () => {
    const auditor = await createStaff(test.database, { roles: ['auditor'] });
    const token = await signInStaff(test.app, auditor.username);
    const list = await request(test.app)
      .get('/api/audit-logs')
      .query({ action: 'sign_in', pageSize: 5 })
      .set(bearer(token))
      .expect(200);
    const page = list.body as { items: { action: string }[]; total: number };
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.items.every(item => item.action === 'sign_in')).toBe(true);

    const before = await request(test.app).post('/api/audit-logs/verify').set(bearer(token)).expect(200);
    expect(before.body).toMatchObject({ valid: true });

    const [victim] = await test.database.db.select().from(auditLogs).orderBy(desc(auditLogs.id)).limit(1).offset(3);
    if (!victim) throw new Error('no audit rows');
    // What an attacker with database rights does: bypass the trigger and edit a row in place.
    await test.database.sql.begin(async tx => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_logs set target_id = 'tampered' where id = ${victim.id}`;
    });
    const after = await request(test.app).post('/api/audit-logs/verify').set(bearer(token)).expect(200);
    expect(after.body).toMatchObject({ valid: false, firstBrokenId: victim.id });

    await test.database.sql.begin(async tx => {
      await tx`set local session_replication_role = replica`;
      await tx`update audit_logs set target_id = ${victim.targetId} where id = ${victim.id}`;
    });
    expect((await verifyAuditChain(test.database.db)).valid).toBe(true);
  });

  it('keeps the log from doctors and patients', async () => {
    const doctor = await createStaff(test.database, { roles: ['doctor'] });
    await request(test.app)
      .get('/api/audit-logs')
      .set(bearer(await signInStaff(test.app, doctor.username)))
      .expect(403);
    await request(test.app)
      .post('/api/audit-logs/verify')
      .set(bearer(await signInPatient(test)))
      .expect(403);
    await request(test.app).get('/api/audit-logs').expect(401);
  });

  it('purges only rows older than the retention period and the chain still verifies', async () => {
    await expect(purgeExpiredAuditLogs(test.database.db, 90)).rejects.toThrow();
    // Nothing in this run is older than 180 days, so nothing goes.
    expect(await purgeExpiredAuditLogs(test.database.db, 180)).toBe(0);
    expect((await verifyAuditChain(test.database.db)).valid).toBe(true);
  });
});

describe("access to minors' records", () => {
  it('refuses staff without an approved grant, logs every try, and lets them in once a secadmin approves', async () => {
    const childId = await linkedChild();
    const doctor = await createStaff(test.database, { roles: ['doctor'], department: '儿科' });
    const secadmin = await createStaff(test.database, { roles: ['secadmin'] });
    const doctorUser: SessionUser = {
      accountId: doctor.id,
      kind: 'staff',
      roles: ['doctor'],
      displayName: '测试',
      dualChannelReviewer: false
    };

    await expect(assertMinorAccess(test.database.db, doctorUser, childId)).rejects.toBeInstanceOf(ApiError);
    const doctorToken = await signInStaff(test.app, doctor.username);
    const requested = await request(test.app)
      .post('/api/minor-access-grants')
      .set(bearer(doctorToken))
      .send({ patientId: childId, purpose: 'review', reason: '审核慢特病申请' })
      .expect(201);
    const grantId = (requested.body as { id: string }).id;

    // Nobody approves their own request, and doctors do not approve at all.
    await request(test.app).post(`/api/minor-access-grants/${grantId}/approve`).set(bearer(doctorToken)).expect(403);
    const secToken = await signInStaff(test.app, secadmin.username);
    const pending = await request(test.app).get('/api/minor-access-grants').set(bearer(secToken)).expect(200);
    expect((pending.body as { items: { id: string }[] }).items.map(item => item.id)).toContain(grantId);
    await request(test.app).post(`/api/minor-access-grants/${grantId}/approve`).set(bearer(secToken)).expect(200);
    await request(test.app).post(`/api/minor-access-grants/${grantId}/approve`).set(bearer(secToken)).expect(409);

    await assertMinorAccess(test.database.db, doctorUser, childId);
    const logs = await test.database.db.select().from(minorAccessLogs).where(eq(minorAccessLogs.patientId, childId));
    expect(logs.map(row => row.outcome).sort()).toEqual(['denied', 'granted']);
    const audits = await test.database.db.select().from(auditLogs).where(eq(auditLogs.targetId, childId));
    expect(
      audits
        .filter(row => row.action === 'minor_record_access')
        .map(row => row.outcome)
        .sort()
    ).toEqual(['denied', 'success']);
  });

  it('refuses a grant request for an adult', async () => {
    const token = await signInPatient(test);
    const adult = await request(test.app)
      .post('/api/me/patients')
      .set(bearer(token))
      .send({ name: '吴十', idNo: makeIdNumber('360102', '1980-05-05', crypto.randomInt(0, 1000)), relation: 'self' })
      .expect(201);
    const doctor = await createStaff(test.database, { roles: ['doctor'] });
    await request(test.app)
      .post('/api/minor-access-grants')
      .set(bearer(await signInStaff(test.app, doctor.username)))
      .send({ patientId: (adult.body as { id: string }).id, purpose: 'review', reason: '审核' })
      .expect(422);
  });

  it('reports the year’s minors, consents, grants and accesses to the auditor', async () => {
    await linkedChild();
    const auditor = await createStaff(test.database, { roles: ['auditor'] });
    const token = await signInStaff(test.app, auditor.username);
    const year = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4));
    const report = await request(test.app).get('/api/reports/minors').query({ year }).set(bearer(token)).expect(200);
    const body = report.body as {
      minorPatients: { onRecordAtYearEnd: number; under14AtYearEnd: number; linkedInYear: number };
      accesses: { granted: number; denied: number };
    };
    expect(body.minorPatients.linkedInYear).toBeGreaterThanOrEqual(1);
    expect(body.minorPatients.under14AtYearEnd).toBeGreaterThanOrEqual(1);
    const doctor = await createStaff(test.database, { roles: ['doctor'] });
    await request(test.app)
      .get('/api/reports/minors')
      .query({ year })
      .set(bearer(await signInStaff(test.app, doctor.username)))
      .expect(403);
  });
});
