/**
 * The one way the console talks to the API: bearer token, JSON in and out, errors as `ApiRequestError` with a
 * Chinese message a hospital clerk can act on (never a stack, an English text or a raw status line).
 * A 401 signs the user out and returns to the sign-in page with the way back.
 */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown
  ) {
    super(message);
    this.name = 'ApiRequestError';
  }
}

interface AuthHooks {
  token: () => string | undefined;
  onUnauthorized: () => void;
}

let hooks: AuthHooks = { token: () => undefined, onUnauthorized: () => undefined };

/** The auth store installs these (the wrapper knows no store, so tests can use it alone). */
export function setAuthHooks(next: AuthHooks): void {
  hooks = next;
}

const chinese = /[\u4e00-\u9fff]/;

const fallbackMessages: Record<number, string> = {
  0: '无法连接服务器，请检查网络后重试',
  400: '提交的内容不正确，请检查后重试',
  401: '登录已失效，请重新登录',
  403: '您没有执行该操作的权限',
  404: '记录不存在或您无权查看',
  409: '申请单当前状态不允许该操作，请刷新后查看',
  413: '提交的内容过大',
  422: '提交的内容不符合要求',
  429: '操作过于频繁，请稍后再试',
  500: '系统繁忙，请稍后再试',
  502: '医保平台拒绝了本次请求，请根据提示处理',
  503: '服务暂时不可用（医保平台或院内系统繁忙），请稍后重试',
  504: '服务响应超时，请稍后重试'
};

/** What to tell the user for a failed call: the server's Chinese message, else a plain explanation of the status. */
export function messageFor(status: number, serverMessage?: unknown, details?: unknown): string {
  const fallback = fallbackMessages[status] ?? (status >= 500 ? fallbackMessages[500]! : fallbackMessages[400]!);
  // A validation refusal names the field's problem in Chinese (the schemas' messages).
  if (status === 400 && Array.isArray(details)) {
    const issue = details.find(
      (item): item is { message: string } =>
        typeof item === 'object' && item !== null && typeof (item as { message?: unknown }).message === 'string'
    );
    if (issue && chinese.test(issue.message)) return issue.message;
  }
  if (typeof serverMessage === 'string' && chinese.test(serverMessage) && serverMessage.length <= 300)
    return serverMessage;
  return fallback;
}

type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
  /** The sign-in calls handle their own 401 (wrong password is not an expired session). */
  expectUnauthorized?: boolean;
}

function urlOf(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {}))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

async function send(method: string, path: string, options: RequestOptions, accept: string): Promise<Response> {
  const token = hooks.token();
  let response: Response;
  try {
    response = await fetch(urlOf(path, options.query), {
      method,
      headers: {
        Accept: accept,
        ...(options.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...(token ? { Authorization: `Bearer ${token}` } : {})
      },
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
      ...(options.signal ? { signal: options.signal } : {}),
      cache: 'no-store'
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiRequestError(0, 'NETWORK', messageFor(0));
  }
  if (!response.ok) {
    let payload: { code?: unknown; message?: unknown; details?: unknown } = {};
    try {
      payload = (await response.json()) as typeof payload;
    } catch {
      // Not JSON (a proxy's error page): the status explains it.
    }
    if (response.status === 401 && !options.expectUnauthorized) hooks.onUnauthorized();
    throw new ApiRequestError(
      response.status,
      typeof payload.code === 'string' ? payload.code : `HTTP_${response.status}`,
      messageFor(response.status, payload.message, payload.details),
      payload.details
    );
  }
  return response;
}

export async function request<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  options: RequestOptions = {}
): Promise<T> {
  const response = await send(method, path, options, 'application/json');
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** A file the API sends (attachment, e-form, export) as a Blob, fetched with the token. */
export async function requestBlob(method: 'GET' | 'POST', path: string, options: RequestOptions = {}): Promise<Blob> {
  const response = await send(method, path, options, '*/*');
  return response.blob();
}

/** Fetches a file and hands it to the browser as a download under this name. */
export async function downloadFile(
  method: 'GET' | 'POST',
  path: string,
  filename: string,
  options: RequestOptions = {}
): Promise<void> {
  const blob = await requestBlob(method, path, options);
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
