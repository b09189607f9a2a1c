import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signInStaff } from '../../test/support/http';
import { startTestSystem, type TestSystem } from '../../test/support/system';

interface Account {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  staffNo: string | null;
  department: string | null;
  title: string | null;
  disabled: boolean;
  createdAt: string;
}

const password = 'Qw7#rZt9Lm';
const suffix = `${process.pid % 10000}${Date.now() % 100000}`;
const name = (prefix: string) => `${prefix}${suffix}`;

describe('staff account management (security admin only)', () => {
  let system: TestSystem;
  let secadmin: string;
  let admin: string;
  let auditor: string;

  async function create(body: Record<string, unknown>, token = secadmin) {
    return call<Account & { code: string; message: string }>(system, 'POST', '/api/accounts', { token, body });
  }

  async function signIn(username: string) {
    return call<{ token: string; user: { roles: string[] } }>(system, 'POST', '/api/auth/login', {
      body: { username, password }
    });
  }

  beforeAll(async () => {
    system = await startTestSystem('accounts', {}, { worker: false });
    secadmin = await signInStaff(system, 'secadmin');
    admin = await signInStaff(system, 'admin');
    auditor = await signInStaff(system, 'auditor');
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('creates a doctor who can then sign in, and lists staff accounts without secrets', async () => {
    const username = name('doc');
    const created = await create({
      username,
      displayName: '张医生',
      roles: ['doctor'],
      staffNo: name('D'),
      department: '内分泌科',
      title: '主治医师',
      initialPassword: password
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({ username, roles: ['doctor'], department: '内分泌科', disabled: false });

    const signedIn = await signIn(username);
    expect(signedIn.status, JSON.stringify(signedIn.body)).toBe(200);
    expect(signedIn.body.user.roles).toEqual(['doctor']);
    expect((await call(system, 'GET', '/api/doctors', { token: signedIn.body.token })).status).toBe(403);

    const list = await call<{ items: Account[] }>(system, 'GET', '/api/accounts?role=doctor', { token: secadmin });
    expect(list.status).toBe(200);
    expect(list.body.items.every(item => item.roles.includes('doctor'))).toBe(true);
    expect(list.body.items.find(item => item.username === username)).toMatchObject({ id: created.body.id });
    expect(list.body.items.some(item => item.username === 'secadmin')).toBe(false);
    const text = JSON.stringify(list.body);
    expect(text).not.toMatch(/pbkdf2|passwordHash|totp/i);
  });

  it('refuses weak passwords, patient roles, unknown fields and duplicate usernames', async () => {
    const base = { displayName: '李护士', roles: ['doctor'], initialPassword: password };
    const weak = await create({ ...base, username: name('weak'), initialPassword: 'password123' });
    expect(weak.status).toBe(400);
    expect(weak.body.message).toMatch(/密码/);
    const patient = await create({ ...base, username: name('pat'), roles: ['patient'] });
    expect(patient.status).toBe(400);
    const none = await create({ ...base, username: name('none'), roles: [] });
    expect(none.status).toBe(400);
    const extra = await create({ ...base, username: name('extra'), disabled: true });
    expect(extra.status).toBe(400);

    const username = name('dup');
    expect((await create({ ...base, username })).status).toBe(201);
    const duplicate = await create({ ...base, username: username.toUpperCase() });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.message).toBe('用户名已被使用');
  });

  it('answers 403 to the admin and the auditor on every account route', async () => {
    const target = await create({
      username: name('target'),
      displayName: '王医生',
      roles: ['doctor'],
      initialPassword: password
    });
    const id = target.body.id;
    for (const token of [admin, auditor]) {
      expect((await call(system, 'GET', '/api/accounts', { token })).status).toBe(403);
      const body = { username: name('nope'), displayName: '无权', roles: ['admin'], initialPassword: password };
      expect((await create(body, token)).status).toBe(403);
      expect(
        (await call(system, 'PUT', `/api/accounts/${id}/roles`, { token, body: { roles: ['admin'] } })).status
      ).toBe(403);
      expect((await call(system, 'POST', `/api/accounts/${id}/disable`, { token })).status).toBe(403);
      expect((await call(system, 'POST', `/api/accounts/${id}/enable`, { token })).status).toBe(403);
    }
    expect((await call(system, 'GET', '/api/accounts')).status).toBe(401);
    const unchanged = await call<{ items: Account[] }>(system, 'GET', '/api/accounts', { token: secadmin });
    expect(unchanged.body.items.find(item => item.id === id)).toMatchObject({ roles: ['doctor'], disabled: false });
  });

  it('disabling a signed-in user makes their token answer 401 at once; enabling lets them sign in again', async () => {
    const username = name('dis');
    const created = await create({ username, displayName: '赵医生', roles: ['doctor'], initialPassword: password });
    const signedIn = await signIn(username);
    const token = signedIn.body.token;
    expect((await call(system, 'GET', '/api/auth/me', { token })).status).toBe(200);

    const disabled = await call<Account>(system, 'POST', `/api/accounts/${created.body.id}/disable`, {
      token: secadmin
    });
    expect(disabled.status).toBe(200);
    expect(disabled.body.disabled).toBe(true);
    expect((await call(system, 'GET', '/api/auth/me', { token })).status).toBe(401);
    expect((await signIn(username)).status).toBe(401);

    const enabled = await call<Account>(system, 'POST', `/api/accounts/${created.body.id}/enable`, { token: secadmin });
    expect(enabled.body.disabled).toBe(false);
    // The old session stays ended; a new sign-in works.
    expect((await call(system, 'GET', '/api/auth/me', { token })).status).toBe(401);
    expect((await signIn(username)).status).toBe(200);
  });

  it('a role change ends the account sessions', async () => {
    const username = name('role');
    const created = await create({ username, displayName: '钱医生', roles: ['doctor'], initialPassword: password });
    const token = (await signIn(username)).body.token;
    expect((await call(system, 'GET', '/api/auth/me', { token })).status).toBe(200);

    const changed = await call<Account>(system, 'PUT', `/api/accounts/${created.body.id}/roles`, {
      token: secadmin,
      body: { roles: ['doctor', 'admin'] }
    });
    expect(changed.status).toBe(200);
    expect([...changed.body.roles].sort()).toEqual(['admin', 'doctor']);
    expect((await call(system, 'GET', '/api/auth/me', { token })).status).toBe(401);
    const again = await signIn(username);
    expect([...again.body.user.roles].sort()).toEqual(['admin', 'doctor']);
  });

  it('keeps a security admin from locking themselves out or widening their own roles', async () => {
    const me = await call<{ user: { accountId: string } }>(system, 'GET', '/api/auth/me', { token: secadmin });
    const id = me.body.user.accountId;
    const demote = await call<{ message: string }>(system, 'PUT', `/api/accounts/${id}/roles`, {
      token: secadmin,
      body: { roles: ['doctor'] }
    });
    expect(demote.status).toBe(409);
    expect(demote.body.message).toBe('不能移除自己的安全管理员角色');
    const widen = await call(system, 'PUT', `/api/accounts/${id}/roles`, {
      token: secadmin,
      body: { roles: ['secadmin', 'auditor'] }
    });
    expect(widen.status).toBe(409);
    const disable = await call<{ message: string }>(system, 'POST', `/api/accounts/${id}/disable`, { token: secadmin });
    expect(disable.status).toBe(409);
    expect(disable.body.message).toBe('不能停用自己的账号');
    expect((await call(system, 'GET', '/api/auth/me', { token: secadmin })).status).toBe(200);
  });

  it('answers 404 for unknown and patient accounts', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await call(system, 'POST', `/api/accounts/${unknown}/disable`, { token: secadmin })).status).toBe(404);
    expect(
      (await call(system, 'PUT', `/api/accounts/${unknown}/roles`, { token: secadmin, body: { roles: ['doctor'] } }))
        .status
    ).toBe(404);
  });

  it('leaves role_change and permission_change rows the auditor can read', async () => {
    const created = await create({
      username: name('audit'),
      displayName: '孙医生',
      roles: ['doctor'],
      initialPassword: password
    });
    await call(system, 'POST', `/api/accounts/${created.body.id}/disable`, { token: secadmin });

    type Row = { action: string; targetType: string; targetId: string; detail: Record<string, unknown> };
    const roles = await call<{ items: Row[] }>(system, 'GET', '/api/audit-logs?action=role_change&pageSize=200', {
      token: auditor
    });
    expect(roles.status).toBe(200);
    const creation = roles.body.items.find(row => row.targetId === created.body.id);
    expect(creation).toMatchObject({ targetType: 'user_account', detail: { created: true, roles: ['doctor'] } });
    expect(JSON.stringify(roles.body)).not.toContain(password);

    const permissions = await call<{ items: Row[] }>(
      system,
      'GET',
      `/api/audit-logs?action=permission_change&targetId=${created.body.id}`,
      { token: auditor }
    );
    expect(permissions.body.items).toEqual([expect.objectContaining({ detail: { change: 'disable' } })]);
  });
});
