/**
 * Who may read /metrics (API and worker): a scraper presenting METRICS_TOKEN as a bearer token, or a
 * process on this host that connected directly. A request relayed by a reverse proxy (it carries
 * X-Forwarded-For, Forwarded or X-Real-IP) never counts as local, so publishing the API through a proxy on
 * the same host does not publish its metrics.
 */
import crypto from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const relayHeaders = ['x-forwarded-for', 'forwarded', 'x-real-ip'];

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || plain.startsWith('127.');
}

function tokenMatches(header: string | undefined, token: string): boolean {
  const presented = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  if (!presented) return false;
  // Compare digests: equal length whatever was presented, and constant time.
  const digest = (value: string) => crypto.createHash('sha256').update(value).digest();
  return crypto.timingSafeEqual(digest(presented), digest(token));
}

export function metricsAccessAllowed(request: IncomingMessage, token: string | undefined): boolean {
  if (token && tokenMatches(request.headers.authorization, token)) return true;
  return isLoopback(request.socket.remoteAddress) && !relayHeaders.some(name => request.headers[name] !== undefined);
}

/** What a metrics endpoint serves: prom-client's Registry fits. */
export interface MetricsSource {
  contentType: string;
  metrics: () => Promise<string>;
}
