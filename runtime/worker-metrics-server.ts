/**
 * The worker's own GET /metrics on WORKER_METRICS_HOST:WORKER_METRICS_PORT: its prom-client registry
 * followed by Temporal's worker metrics, which the SDK serves on a loopback port of its own. Access as for
 * the API (api/metrics-access.ts): this host directly, or a bearer of METRICS_TOKEN.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { metricsAccessAllowed } from '../api/metrics-access';

export interface WorkerMetricsServer {
  port: number;
  close: () => Promise<void>;
}

export async function startWorkerMetricsServer(options: {
  host: string;
  port: number;
  token: string | undefined;
  registry: Registry;
  /** The SDK's Prometheus endpoint, when the runtime exports one. */
  temporalMetricsUrl: string | undefined;
}): Promise<WorkerMetricsServer> {
  const server = http.createServer((request, response) => {
    if ((request.url ?? '').split('?')[0] !== '/metrics' || request.method !== 'GET') {
      response.writeHead(404).end();
      return;
    }
    if (!metricsAccessAllowed(request, options.token)) {
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('forbidden\n');
      return;
    }
    void (async () => {
      const own = await options.registry.metrics();
      const temporal = options.temporalMetricsUrl
        ? await fetch(options.temporalMetricsUrl, { signal: AbortSignal.timeout(2000) })
            .then(answer => (answer.ok ? answer.text() : ''))
            .catch(() => '')
        : '';
      response.writeHead(200, { 'content-type': options.registry.contentType });
      response.end(`${own}\n${temporal}`);
    })().catch(() => {
      response.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>(resolve => server.close(() => resolve()))
  };
}
