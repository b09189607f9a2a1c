/**
 * The one request wrapper: adds the session token, parses the answer with the server's own zod schema and
 * turns error bodies `{ code, message }` into `ApiError` with the server's Chinese message.
 */
import type { z } from 'zod';
import { platform, type HttpRequest } from '../platform/platform';
import { sessionToken, signedOut } from './session-token';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** What a person reads when the network or the server fails without a message of its own. */
export const networkFailureMessage = '网络不太好，请检查网络后再试';
const serverFailureMessage = '系统繁忙，请稍后再试';

interface CallOptions<S extends z.ZodType> {
  body?: unknown;
  query?: Record<string, string | number | undefined>;
  /** Validates the success body; omitted for answers without one (204). */
  schema?: S;
}

function withQuery(path: string, query: CallOptions<z.ZodType>['query']): string {
  const parts = Object.entries(query ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`);
  return parts.length ? `${path}?${parts.join('&')}` : path;
}

export function authHeaders(): Record<string, string> {
  const token = sessionToken();
  return token ? { authorization: `Bearer ${token}` } : {};
}

export async function apiCall<S extends z.ZodType = z.ZodUndefined>(
  method: HttpRequest['method'],
  path: string,
  options: CallOptions<S> = {}
): Promise<z.infer<S>> {
  let response;
  try {
    response = await platform().request({
      method,
      path: withQuery(path, options.query),
      headers: authHeaders(),
      ...(options.body === undefined ? {} : { body: options.body })
    });
  } catch {
    throw new ApiError(0, 'NETWORK', networkFailureMessage);
  }
  if (response.status >= 200 && response.status < 300) {
    return (options.schema ? options.schema.parse(response.body) : undefined) as z.infer<S>;
  }
  const body = (response.body ?? {}) as { code?: unknown; message?: unknown };
  if (response.status === 401) signedOut();
  throw new ApiError(
    response.status,
    typeof body.code === 'string' ? body.code : 'HTTP_ERROR',
    typeof body.message === 'string' && body.message ? body.message : serverFailureMessage
  );
}

/** The message to show a person for any failure. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error && error.message) return error.message;
  return serverFailureMessage;
}
