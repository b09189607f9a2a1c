/**
 * One log line per request: method, path (no query string, long digit runs masked), status, duration and a
 * request id; never headers or bodies. Probes (/healthz, /readyz, /metrics) are not logged: they come every
 * few seconds and say nothing a person needs. Expected outcomes (4xx, a Yibao refusal) carry no stack trace;
 * the error handler logs the one unexpected error with its stack.
 */
import crypto from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';

const probePaths = new Set(['/healthz', '/readyz', '/metrics']);
/** A caller's (the reverse proxy's) request id is kept when it looks like one; anything else is replaced. */
const requestIdPattern = /^[A-Za-z0-9._:-]{8,64}$/;

/** A client may put a number in a path; long digit runs (ID, phone, card numbers) are not logged. */
export function loggablePath(url: string): string {
  return (url.split('?')[0] ?? '').replace(/\d{7,}[\dXx]?/g, '[号码]');
}

/** The path as the client sent it: a handler mounted under a path (a static front at /m) sees `url` without it. */
function requestPath(request: IncomingMessage & { originalUrl?: string }): string {
  return loggablePath(request.originalUrl ?? request.url ?? '');
}

function requestLine(request: IncomingMessage, response: ServerResponse, durationMs: number) {
  return {
    method: request.method,
    path: requestPath(request),
    status: response.statusCode,
    durationMs
  };
}

export function requestLogging(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    genReqId: (request, response) => {
      const given = request.headers['x-request-id'];
      const id = typeof given === 'string' && requestIdPattern.test(given) ? given : crypto.randomUUID();
      response.setHeader('X-Request-Id', id);
      return id;
    },
    autoLogging: { ignore: request => probePaths.has((request.url ?? '').split('?')[0] ?? '') },
    customLogLevel: (_request, response) => (response.statusCode >= 500 ? 'warn' : 'info'),
    customSuccessMessage: (request, response, durationMs) =>
      `${request.method} ${requestPath(request)} ${response.statusCode} ${durationMs}ms`,
    customErrorMessage: (request, response) => `${request.method} ${requestPath(request)} ${response.statusCode}`,
    customSuccessObject: (request, response, value: { responseTime: number }) =>
      requestLine(request, response, value.responseTime),
    customErrorObject: (request, response, _error, value: { responseTime: number }) =>
      requestLine(request, response, value.responseTime)
  });
}
