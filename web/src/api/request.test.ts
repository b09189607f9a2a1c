import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiRequestError, messageFor, request, setAuthHooks } from './request';

function answer(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

describe('the request wrapper', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setAuthHooks({ token: () => undefined, onUnauthorized: () => undefined });
  });

  it("shows the server's Chinese message and explains a status when the message is not Chinese", () => {
    expect(messageFor(409, '只有报送失败的申请单可以重新报送')).toBe('只有报送失败的申请单可以重新报送');
    expect(messageFor(500, 'TypeError: cannot read properties of undefined')).toBe('系统繁忙，请稍后再试');
    expect(messageFor(503, 'Service Unavailable')).toContain('服务暂时不可用');
    expect(messageFor(502)).toContain('医保平台');
  });

  it('names the field problem of a refused form in Chinese', () => {
    expect(messageFor(400, '请求内容不正确', [{ path: 'opinion', message: '请填写审核意见' }])).toBe('请填写审核意见');
    expect(messageFor(400, 'Bad Request', [{ path: 'x', message: 'Invalid input' }])).toBe(
      '提交的内容不正确，请检查后重试'
    );
  });

  it('sends the bearer token and returns the JSON body', async () => {
    const fetchMock = vi.fn().mockResolvedValue(answer(200, { ok: true }));
    vi.stubGlobal('fetch', fetchMock);
    setAuthHooks({ token: () => 'token-1234567890abcdefghij', onUnauthorized: () => undefined });
    await expect(request('POST', '/api/x', { body: { a: 1 }, query: { page: 2, empty: '' } })).resolves.toEqual({
      ok: true
    });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/x?page=2');
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer token-1234567890abcdefghij');
  });

  it('signs the user out on a 401, but not for a wrong password at sign-in', async () => {
    const onUnauthorized = vi.fn();
    setAuthHooks({ token: () => 't', onUnauthorized });
    vi.stubGlobal(
      'fetch',
      vi.fn().mockImplementation(() => Promise.resolve(answer(401, { code: 'UNAUTHORIZED', message: '请先登录' })))
    );
    await expect(request('GET', '/api/auth/me')).rejects.toMatchObject({ status: 401, message: '请先登录' });
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    await expect(request('POST', '/api/auth/login', { expectUnauthorized: true })).rejects.toBeInstanceOf(
      ApiRequestError
    );
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
  });

  it('turns an unreachable server into a Chinese network message', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    await expect(request('GET', '/api/x')).rejects.toMatchObject({
      status: 0,
      message: '无法连接服务器，请检查网络后重试'
    });
  });
});
