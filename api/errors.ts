import { HisError } from '../his/his-adapter';
import { YibaoBusinessError, YibaoError } from '../yibao/errors';

/** Errors with a stable code; the error middleware maps them to an HTTP status and a Chinese message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const badRequest = (message: string, details?: unknown) => new ApiError(400, 'BAD_REQUEST', message, details);
export const unauthorized = (message = '请先登录') => new ApiError(401, 'UNAUTHORIZED', message);
export const forbidden = (message = '无权执行该操作') => new ApiError(403, 'FORBIDDEN', message);
/** Also the answer for another person's record: its existence is not revealed. */
export const notFound = (message = '记录不存在') => new ApiError(404, 'NOT_FOUND', message);
export const conflict = (message: string, code = 'CONFLICT') => new ApiError(409, code, message);
export const tooManyRequests = (message = '操作过于频繁，请稍后再试') =>
  new ApiError(429, 'TOO_MANY_REQUESTS', message);
export const unavailable = (message = '服务暂不可用，请稍后再试') => new ApiError(503, 'UNAVAILABLE', message);

/**
 * A Yibao call that failed inside a request: the platform's own refusal is a 502 with its err_msg (the
 * caller can act on it); anything else (network, gateway, an unclear answer) is a 503 to try again later.
 */
export function fromYibaoError(error: unknown): ApiError | undefined {
  if (error instanceof YibaoBusinessError) {
    return new ApiError(502, 'YIBAO_REFUSED', `医保平台返回失败：${error.errMsg}`);
  }
  if (error instanceof YibaoError) return new ApiError(503, 'YIBAO_UNAVAILABLE', '医保平台暂不可用，请稍后再试');
  return undefined;
}

/**
 * A HIS call that failed inside a request (looking up the reviewing doctor): like an unreachable Yibao, a 503
 * to try again later, whatever the cause (outage, refused token, unreadable answer); the log has the cause.
 */
export function fromHisError(error: unknown): ApiError | undefined {
  if (error instanceof HisError) return new ApiError(503, 'HIS_UNAVAILABLE', '医院信息系统（HIS）暂不可用，请稍后再试');
  return undefined;
}
