import http from 'node:http';
import https from 'node:https';

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: Buffer;
}

/** A request that failed; `sent` tells whether the whole request had been handed to the network. */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly sent: boolean,
    readonly reason: 'timeout' | 'reset' | 'connect',
    options?: { cause?: unknown }
  ) {
    super(message, options);
    this.name = 'TransportError';
  }
}

/**
 * POST over node:http rather than fetch, because the error taxonomy needs to know whether the request left:
 * an error before the request's `finish` event means the platform cannot have received it.
 */
export function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
  agent: http.Agent | https.Agent
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    let sent = false;
    let settled = false;
    const fail = (error: Error, reason: 'timeout' | 'reset' | 'connect') => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(new TransportError(error.message, sent, reason, { cause: error }));
    };
    const request = transport.request(url, {
      method: 'POST',
      agent,
      headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }
    });
    const timer = setTimeout(() => {
      fail(new Error(`no answer within ${timeoutMs} ms`), sent ? 'timeout' : 'connect');
      request.destroy();
    }, timeoutMs);
    request.on('finish', () => {
      sent = true;
    });
    request.on('error', error => fail(error, sent ? 'reset' : 'connect'));
    request.on('response', response => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', error => fail(error, 'reset'));
      response.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({
          status: response.statusCode ?? 0,
          contentType: String(response.headers['content-type'] ?? ''),
          body: Buffer.concat(chunks)
        });
      });
    });
    request.end(body);
  });
}
