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
