import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecurityTestApp, uniqueIp, type SecurityTestApp } from './support/auth-test-app';
import { projectRoot } from '../runtime/paths';
import { openIsolatedTestDatabase } from './support/database';

const run = promisify(execFile);

describe('npm run bootstrap -- --secadmin', () => {
  let test: SecurityTestApp;
  let databaseUrl: string;

  beforeAll(async () => {
    const database = await openIsolatedTestDatabase('bootstrap');
    databaseUrl = database.url;
    test = await createSecurityTestApp({ database, settings: { adminTotpRequired: true } });
  });
  afterAll(async () => {
    await test?.close();
  });

  const bootstrap = (username: string) =>
    run(process.execPath, ['--import', 'tsx', 'bin/bootstrap.ts', '--secadmin', username], {
      cwd: projectRoot,
      env: { ...process.env, APP_ENV: 'test', DATABASE_URL: databaseUrl, PASSWORD_PBKDF2_ITERATIONS: '20000' }
    }).then(
      ({ stdout }) => ({ code: 0, stdout, stderr: '' }),
      (error: { code: number; stdout: string; stderr: string }) => error
    );

  it('creates the first security admin whose one-time password only lets them choose a new one', async () => {
    const created = await bootstrap('Zhang.SecAdmin');
    expect(created.code).toBe(0);
    const password = /one-time password: (\S+)/.exec(created.stdout)?.[1] ?? '';
    expect(password).toHaveLength(16);

    const ip = uniqueIp();
    const signIn = await request(test.app)
      .post('/api/auth/login')
      .set('X-Forwarded-For', ip)
      .send({ username: 'zhang.secadmin', password })
      .expect(200);
    // Even before enrolling the second factor the secadmin must replace the password.
    expect(signIn.body).toMatchObject({ restriction: 'password_change', user: { roles: ['secadmin'] } });
    const restricted = (signIn.body as { token: string }).token;
    await request(test.app).get('/api/auth/me').set('Authorization', `Bearer ${restricted}`).expect(401);

    const changed = await request(test.app)
      .post('/api/auth/password')
      .set('Authorization', `Bearer ${restricted}`)
      .set('X-Forwarded-For', ip)
      .send({ currentPassword: password, newPassword: 'Qz8#wV3rTp6!xK' })
      .expect(200);
    expect(changed.body).toMatchObject({ restriction: 'totp_enrollment' });

    const again = await request(test.app)
      .post('/api/auth/login')
      .set('X-Forwarded-For', uniqueIp())
      .send({ username: 'zhang.secadmin', password: 'Qz8#wV3rTp6!xK' })
      .expect(200);
    expect((again.body as { restriction?: string }).restriction).toBe('totp_enrollment');
  });

  it('refuses to create a second one: further accounts are made in the console', async () => {
    const refused = await bootstrap('li.secadmin');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('a security admin exists already');
  });
});
