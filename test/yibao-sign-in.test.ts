import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { YibaoSignInState } from '../domain/yibao-sign-in';
import { call, setSimFaults, signInStaff, simRequests } from './support/http';
import { startTestSystem, type TestSystem } from './support/system';

interface SignInRecord {
  opter: string;
  signDate: string;
  signNo: string;
  state: YibaoSignInState;
  signedOutAt: string | null;
}

describe('the Yibao sign-in session for the 医保办', () => {
  let system: TestSystem;
  let admin: string;

  const overview = async () => {
    const response = await call<{ operator: { opter: string }; items: SignInRecord[] }>(
      system,
      'GET',
      '/api/yibao/sign-ins',
      { token: admin }
    );
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    system = await startTestSystem('yibao-sign-in', {}, { worker: false });
    admin = await signInStaff(system, 'admin');
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('signs in once with 9001, lists the session, signs out with 9002 and says so when there is nothing to end', async () => {
    const signIns = (await simRequests(system))['9001'] ?? 0;
    const first = await call<{ opter: string; signNo: string }>(system, 'POST', '/api/yibao/sign-in', { token: admin });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    const again = await call<{ signNo: string }>(system, 'POST', '/api/yibao/sign-in', { token: admin });
    expect(again.body.signNo).toBe(first.body.signNo);
    expect((await simRequests(system))['9001'] ?? 0).toBe(signIns + 1);

    const listed = await overview();
    expect(listed.operator.opter).toBe(first.body.opter);
    expect(listed.items[0]).toMatchObject({ opter: first.body.opter, signNo: first.body.signNo, state: 'valid' });

    const signOuts = (await simRequests(system))['9002'] ?? 0;
    const out = await call(system, 'POST', '/api/yibao/sign-out', { token: admin });
    expect(out.status, JSON.stringify(out.body)).toBe(200);
    expect(out.body).toEqual({ opter: first.body.opter, signedOut: true, signNo: first.body.signNo });
    expect((await simRequests(system))['9002'] ?? 0).toBe(signOuts + 1);
    expect((await overview()).items[0]).toMatchObject({ signNo: first.body.signNo, state: 'signed_out' });

    const nothing = await call(system, 'POST', '/api/yibao/sign-out', { token: admin });
    expect(nothing.body).toEqual({ opter: first.body.opter, signedOut: false, signNo: null });
    expect((await simRequests(system))['9002'] ?? 0).toBe(signOuts + 1);

    const auditor = await signInStaff(system, 'auditor');
    const audit = await call<{ items: { action: string; detail: Record<string, unknown> }[] }>(
      system,
      'GET',
      '/api/audit-logs?action=yibao_sign_out',
      { token: auditor }
    );
    // Other test files share the audit log: look for this file's two sign-outs among the rows.
    expect(audit.body.items.map(item => item.detail.signNo)).toEqual(expect.arrayContaining([null, first.body.signNo]));
  });

  it('answers 502 with the platform’s message when it refuses the sign-in, and 503 when it cannot be reached', async () => {
    await call(system, 'POST', '/api/yibao/sign-out', { token: admin });
    try {
      await setSimFaults(system, {
        byInfno: { '9001': { businessErrorRate: 1, businessErrorMessage: '经办人未在医保系统登记' } }
      });
      const refused = await call(system, 'POST', '/api/yibao/sign-in', { token: admin });
      expect(refused.status).toBe(502);
      expect(refused.body).toMatchObject({
        code: 'YIBAO_REFUSED',
        message: '医保平台返回失败：经办人未在医保系统登记'
      });

      await setSimFaults(system, { byInfno: { '9001': { http5xxRate: 1 } } });
      const unavailable = await call(system, 'POST', '/api/yibao/sign-in', { token: admin });
      expect(unavailable.status).toBe(503);
      expect(unavailable.body).toMatchObject({ code: 'YIBAO_UNAVAILABLE' });
    } finally {
      await setSimFaults(system, {});
    }
    const recovered = await call(system, 'POST', '/api/yibao/sign-in', { token: admin });
    expect(recovered.status).toBe(200);
  });

  it('is for admins only', async () => {
    const doctor = await signInStaff(system, 'doctor1');
    for (const [method, path] of [
      ['GET', '/api/yibao/sign-ins'],
      ['POST', '/api/yibao/sign-in'],
      ['POST', '/api/yibao/sign-out']
    ] as const) {
      expect((await call(system, method, path, { token: doctor })).status).toBe(403);
      expect((await call(system, method, path)).status).toBe(401);
    }
  });
});
