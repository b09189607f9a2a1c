import { inArray } from 'drizzle-orm';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSecurityTestApp, testIterations, uniqueIp, type SecurityTestApp } from '../test/support/auth-test-app';
import { openIsolatedTestDatabase } from '../test/support/database';
import { demoAccounts, demoPassword, developmentDemoPassword, seedDemoAccounts } from './seed-demo';
import { dualChannelPermissions, userAccounts } from './schema';

let test: SecurityTestApp;
const password = 'Demo#Seed2026';

beforeAll(async () => {
  // Its own database: seeding with another password would lock every other file out of the demo accounts.
  test = await createSecurityTestApp({ database: await openIsolatedTestDatabase('seed') });
});
afterAll(async () => {
  await test.close();
});

describe('demo accounts', () => {
  it('seeds the five demo accounts once, however often it runs', async () => {
    await seedDemoAccounts(test.database.db, password, { iterations: testIterations });
    await seedDemoAccounts(test.database.db, password, { iterations: testIterations });
    const usernames = demoAccounts.map(account => account.username);
    const rows = await test.database.db.select().from(userAccounts).where(inArray(userAccounts.username, usernames));
    expect(rows.map(row => row.username).sort()).toEqual([...usernames].sort());
    const doctor1 = rows.find(row => row.username === 'doctor1');
    expect(doctor1).toMatchObject({
      staffNo: 'D1001',
      displayName: '王建国',
      department: '内分泌科',
      title: '主任医师'
    });
    const grants = await test.database.db.select().from(dualChannelPermissions);
    expect(grants.filter(grant => grant.doctorAccountId === doctor1?.id && !grant.revokedAt)).toHaveLength(1);
  });

  it('makes doctor1, and only doctor1, a dual-channel reviewer', async () => {
    await seedDemoAccounts(test.database.db, password, { iterations: testIterations });
    const signIn = (username: string) =>
      request(test.app)
        .post('/api/auth/login')
        .set('X-Forwarded-For', uniqueIp())
        .send({ username, password })
        .expect(200);
    const user = (response: request.Response) => (response.body as { user: { dualChannelReviewer: boolean } }).user;
    expect(user(await signIn('doctor1')).dualChannelReviewer).toBe(true);
    expect(user(await signIn('doctor2')).dualChannelReviewer).toBe(false);
  });

  it('defaults the password in development only', () => {
    expect(demoPassword({ APP_ENV: 'development', DEMO_PASSWORD: undefined })).toBe(developmentDemoPassword);
    expect(demoPassword({ APP_ENV: 'test', DEMO_PASSWORD: 'Given#Pass9' })).toBe('Given#Pass9');
    expect(() => demoPassword({ APP_ENV: 'production', DEMO_PASSWORD: undefined })).toThrow();
    expect(() => demoPassword({ APP_ENV: 'test', DEMO_PASSWORD: undefined })).toThrow();
  });

  it('refuses a demo password that breaks the policy', async () => {
    await expect(seedDemoAccounts(test.database.db, 'password1')).rejects.toThrow();
  });
});
