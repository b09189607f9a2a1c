import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { setPlatform } from '../platform/platform';
import { createFakePlatform, type FakePlatform } from '../../test/fake-platform';
import { ApiError, apiCall, messageOf, networkFailureMessage } from './client';
import { setSessionToken, whenSignedOut } from './session-token';

let fake: FakePlatform;

beforeEach(() => {
  fake = createFakePlatform();
  setPlatform(fake);
  setSessionToken(undefined);
});

describe('the request wrapper', () => {
  it('sends the session token and validates the answer with the given schema', async () => {
    setSessionToken('token-1');
    fake.respond(() => ({ status: 200, body: { items: [1, 2], extra: true } }));
    const body = await apiCall('POST', '/api/x/search', {
      body: { page: 1 },
      query: { a: '高 血', b: undefined },
      schema: z.object({ items: z.array(z.number()) })
    });
    expect(body).toEqual({ items: [1, 2] });
    expect(fake.requests[0]).toEqual({
      method: 'POST',
      path: '/api/x/search?a=%E9%AB%98%20%E8%A1%80',
      headers: { authorization: 'Bearer token-1' },
      body: { page: 1 }
    });
  });

  it("turns the server's error body into an ApiError with its Chinese message", async () => {
    fake.respond(() => ({
      status: 409,
      body: { code: 'DUPLICATE_APPLICATION', message: '该就诊人已有同一病种的申请' }
    }));
    const error = await apiCall('POST', '/api/x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 409, code: 'DUPLICATE_APPLICATION' });
    expect(messageOf(error)).toBe('该就诊人已有同一病种的申请');
  });

  it('says the network failed when no answer came, and the system is busy for a bare 500', async () => {
    await expect(apiCall('GET', '/api/x')).rejects.toThrow(networkFailureMessage);
    fake.respond(() => ({ status: 500, body: undefined }));
    await expect(apiCall('GET', '/api/x')).rejects.toThrow('系统繁忙，请稍后再试');
  });

  it('forgets the session when the server answers 401', async () => {
    let signedOut = false;
    whenSignedOut(() => (signedOut = true));
    setSessionToken('expired');
    fake.respond(() => ({ status: 401, body: { code: 'UNAUTHORIZED', message: '请先登录' } }));
    await expect(apiCall('GET', '/api/me/patients')).rejects.toThrow('请先登录');
    expect(signedOut).toBe(true);
  });

  it('refuses an answer that does not match the schema (the server changed)', async () => {
    fake.respond(() => ({ status: 200, body: { items: 'x' } }));
    await expect(apiCall('GET', '/api/x', { schema: z.object({ items: z.array(z.number()) }) })).rejects.toThrow();
  });
});
