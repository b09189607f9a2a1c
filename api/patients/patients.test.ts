import crypto from 'node:crypto';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdNumber } from '../../domain/id-number';
import { privacyPolicyVersion } from '../../domain/consent';
import { createSecurityTestApp, signInPatient, type SecurityTestApp } from '../../test/support/auth-test-app';
import { ApiError } from '../errors';
import { assertApplicationConsent } from './consent';

let test: SecurityTestApp;

beforeAll(async () => {
  test = await createSecurityTestApp({ maxDependants: 3 });
});
afterAll(async () => {
  await test.close();
});

/** A valid ID number of someone this many years old today. */
function idNumberAged(years: number): string {
  const now = new Date();
  const birth = `${now.getFullYear() - years}-${String(now.getMonth() + 1).padStart(2, '0')}-01`;
  return makeIdNumber('360102', birth, crypto.randomInt(0, 1000));
}

interface PatientView {
  id: string;
  idNo: string;
  name: string;
  minor: boolean;
  consentsRequired: string[];
}

const link = (token: string, body: { name: string; idNo: string; relation: string }) =>
  request(test.app).post('/api/me/patients').set('Authorization', `Bearer ${token}`).send(body);

const consent = (token: string, patientId: string, kind: string, policyVersion = privacyPolicyVersion) =>
  request(test.app)
    .post(`/api/me/patients/${patientId}/consents`)
    .set('Authorization', `Bearer ${token}`)
    .send({ kind, policyVersion });

async function consentProblem(patientId: string): Promise<string | undefined> {
  try {
    await assertApplicationConsent(test.database.db, patientId);
    return undefined;
  } catch (error) {
    if (error instanceof ApiError) return `${error.status} ${error.code}`;
    throw error;
  }
}

describe('linking persons', () => {
  it('links the holder after verification and shows the ID number and name masked', async () => {
    const token = await signInPatient(test);
    const idNo = idNumberAged(40);
    const response = await link(token, { name: '张三丰', idNo, relation: 'self' }).expect(201);
    const body = response.body as PatientView;
    expect(body.idNo).toBe(`${idNo.slice(0, 4)}**********${idNo.slice(14)}`);
    expect(body.name).toBe('张**');
    expect(JSON.stringify(body)).not.toContain(idNo);

    const list = await request(test.app).get('/api/me/patients').set('Authorization', `Bearer ${token}`).expect(200);
    expect(JSON.stringify(list.body)).not.toMatch(/\d{17}[\dX]/);
    expect((list.body as { items: PatientView[] }).items.map(item => item.id)).toEqual([body.id]);
  });

  it('does not let patient B list or read patient A’s persons (404)', async () => {
    const a = await signInPatient(test);
    const b = await signInPatient(test);
    const created = await link(a, { name: '王五', idNo: idNumberAged(35), relation: 'self' }).expect(201);
    const id = (created.body as PatientView).id;

    await request(test.app).get(`/api/me/patients/${id}`).set('Authorization', `Bearer ${b}`).expect(404);
    await consent(b, id, 'health_data').expect(404);
    const list = await request(test.app).get('/api/me/patients').set('Authorization', `Bearer ${b}`).expect(200);
    expect((list.body as { items: unknown[] }).items).toEqual([]);
    await request(test.app).get(`/api/me/patients/${id}`).set('Authorization', `Bearer ${a}`).expect(200);
  });

  it('answers the same whether or not someone else already linked the person', async () => {
    const a = await signInPatient(test);
    const b = await signInPatient(test);
    const linkedIdNo = idNumberAged(60);
    await link(a, { name: '赵六', idNo: linkedIdNo, relation: 'parent' }).expect(201);

    const wrongLinked = await link(b, { name: '错误', idNo: linkedIdNo, relation: 'parent' });
    const wrongUnlinked = await link(b, { name: '错误', idNo: idNumberAged(61), relation: 'parent' });
    expect(wrongLinked.status).toBe(422);
    expect(wrongLinked.status).toBe(wrongUnlinked.status);
    expect(wrongLinked.body).toEqual(wrongUnlinked.body);

    const rightLinked = await link(b, { name: '赵六', idNo: linkedIdNo, relation: 'parent' }).expect(201);
    expect(Object.keys(rightLinked.body as object).sort()).toEqual(
      ['consents', 'consentsRequired', 'id', 'idNo', 'minor', 'name', 'relation', 'sex'].sort()
    );
  });

  it('refuses an ID number with a wrong check digit', async () => {
    const token = await signInPatient(test);
    const valid = idNumberAged(30);
    const broken = `${valid.slice(0, 17)}${valid[17] === '0' ? '1' : '0'}`;
    const response = await link(token, { name: '钱七', idNo: broken, relation: 'spouse' }).expect(422);
    expect((response.body as { code: string }).code).toBe('INVALID_ID_NUMBER');
  });

  it('does not link a child without the child relation', async () => {
    const token = await signInPatient(test);
    const idNo = idNumberAged(6);
    for (const relation of ['self', 'spouse', 'parent', 'other']) {
      const response = await link(token, { name: '小明', idNo, relation }).expect(422);
      expect((response.body as { code: string }).code).toBe('RELATION_NOT_ALLOWED');
    }
    const child = await link(token, { name: '小明', idNo, relation: 'child' }).expect(201);
    expect(child.body as PatientView).toMatchObject({ minor: true, consentsRequired: ['guardian', 'health_data'] });
  });

  it('also treats a 16-year-old as a minor who needs the child relation', async () => {
    const token = await signInPatient(test);
    await link(token, { name: '小红', idNo: idNumberAged(16), relation: 'self' }).expect(422);
    const teen = await link(token, { name: '小红', idNo: idNumberAged(16), relation: 'child' }).expect(201);
    expect(teen.body as PatientView).toMatchObject({ minor: true, consentsRequired: [] });
  });

  it('stops at the configured number of dependants', async () => {
    const token = await signInPatient(test);
    await link(token, { name: '本人', idNo: idNumberAged(45), relation: 'self' }).expect(201);
    for (let index = 0; index < 3; index += 1) {
      await link(token, { name: '家属', idNo: idNumberAged(70 + index), relation: 'parent' }).expect(201);
    }
    const response = await link(token, { name: '家属', idNo: idNumberAged(75), relation: 'other' }).expect(422);
    expect((response.body as { code: string }).code).toBe('TOO_MANY_DEPENDANTS');
  });

  it('stops verifying after 10 failed name checks in a day', async () => {
    const token = await signInPatient(test);
    for (let attempt = 0; attempt < 10; attempt += 1) {
      await link(token, { name: '错误', idNo: idNumberAged(30), relation: 'other' }).expect(422);
    }
    await link(token, { name: '孙八', idNo: idNumberAged(30), relation: 'other' }).expect(429);
  });
});

describe('consent for children under 14', () => {
  it('blocks an application until the guardian and the health-data consents are given, and again after withdrawal', async () => {
    const token = await signInPatient(test);
    const child = (await link(token, { name: '小刚', idNo: idNumberAged(8), relation: 'child' }).expect(201))
      .body as PatientView;
    expect(await consentProblem(child.id)).toBe('422 CONSENT_REQUIRED');

    const noGuardian = await consent(token, child.id, 'guardian').expect(422);
    expect((noGuardian.body as { code: string }).code).toBe('GUARDIAN_NOT_VERIFIED');
    await link(token, { name: '刘大', idNo: idNumberAged(38), relation: 'self' }).expect(201);

    const outdated = await consent(token, child.id, 'guardian', '2020-01').expect(422);
    expect((outdated.body as { code: string }).code).toBe('POLICY_OUTDATED');

    await consent(token, child.id, 'guardian').expect(201);
    expect(await consentProblem(child.id)).toBe('422 CONSENT_REQUIRED');
    const health = await consent(token, child.id, 'health_data').expect(201);
    expect(await consentProblem(child.id)).toBeUndefined();

    await request(test.app)
      .delete(`/api/me/patients/${child.id}/consents/${(health.body as { id: string }).id}`)
      .set('Authorization', `Bearer ${token}`)
      .expect(204);
    expect(await consentProblem(child.id)).toBe('422 CONSENT_REQUIRED');
  });

  it('lets adults apply without a guardian and refuses a guardian consent for them', async () => {
    const token = await signInPatient(test);
    const adult = (await link(token, { name: '周九', idNo: idNumberAged(30), relation: 'self' }).expect(201))
      .body as PatientView;
    expect(await consentProblem(adult.id)).toBeUndefined();
    await consent(token, adult.id, 'guardian').expect(422);
  });
});

describe('unlinking persons', () => {
  const unlink = (token: string, id: string) =>
    request(test.app).delete(`/api/me/patients/${id}`).set('Authorization', `Bearer ${token}`);
  const list = async (token: string) =>
    (
      (await request(test.app).get('/api/me/patients').set('Authorization', `Bearer ${token}`).expect(200)).body as {
        items: PatientView[];
      }
    ).items;

  it('hides an unlinked person, withdraws their consents and frees the dependant place', async () => {
    const token = await signInPatient(test);
    await link(token, { name: '张三丰', idNo: idNumberAged(40), relation: 'self' }).expect(201);
    const childIdNo = idNumberAged(8);
    const child = (await link(token, { name: '张小宝', idNo: childIdNo, relation: 'child' }).expect(201))
      .body as PatientView;
    await consent(token, child.id, 'guardian').expect(201);
    await consent(token, child.id, 'health_data').expect(201);
    expect(await consentProblem(child.id)).toBeUndefined();

    await unlink(token, child.id).expect(204);
    expect((await list(token)).map(person => person.id)).not.toContain(child.id);
    await request(test.app).get(`/api/me/patients/${child.id}`).set('Authorization', `Bearer ${token}`).expect(404);
    await unlink(token, child.id).expect(404);
    expect(await consentProblem(child.id)).toBe('422 CONSENT_REQUIRED');

    // Linking again verifies again and asks for the consents again.
    const again = (await link(token, { name: '张小宝', idNo: childIdNo, relation: 'child' }).expect(201))
      .body as PatientView;
    expect(again.id).toBe(child.id);
    expect(again.consentsRequired).toEqual(['guardian', 'health_data']);
    expect((await list(token)).map(person => person.id)).toContain(child.id);
  });

  it("does not let another account unlink someone's person (404)", async () => {
    const a = await signInPatient(test);
    const b = await signInPatient(test);
    const person = (await link(a, { name: '李四', idNo: idNumberAged(50), relation: 'self' }).expect(201))
      .body as PatientView;
    await unlink(b, person.id).expect(404);
    expect((await list(a)).map(item => item.id)).toEqual([person.id]);
  });
});
