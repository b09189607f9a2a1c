import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, eventually } from './support/http';
import { startTestSystem, startWorkerProcess, type TestSystem } from './support/system';

describe('readiness', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem('readiness');
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('answers healthz while the process is alive', async () => {
    const response = await call(system, 'GET', '/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: 'ok' });
  });

  it('reports ready when the database is migrated, Temporal answers and a worker polls', async () => {
    const ready = await eventually('ready', async () => {
      const response = await call(system, 'GET', '/readyz');
      return response.status === 200 ? response : undefined;
    });
    expect(ready.body).toEqual({ database: 'ok', temporal: 'ok', worker: 'ok', printer: 'ok' });
  });

  it('reports 503 naming the worker when the worker is down, and ready again once it restarts', async () => {
    await system.worker!.shutdown();
    const down = await eventually('not ready', async () => {
      const response = await call<Record<string, string>>(system, 'GET', '/readyz');
      return response.status === 503 ? response : undefined;
    });
    expect(down.body.database).toBe('ok');
    expect(down.body.temporal).toBe('ok');
    expect(down.body.worker).toMatch(/worker|poller/);

    await system.startWorker();
    const ready = await eventually('ready again', async () => {
      const response = await call(system, 'GET', '/readyz');
      return response.status === 200 ? response : undefined;
    });
    expect(ready.body).toEqual({ database: 'ok', temporal: 'ok', worker: 'ok', printer: 'ok' });
  });

  it('serves an OpenAPI description of every route', async () => {
    const response = await call<{ openapi: string; paths: Record<string, unknown> }>(
      system,
      'GET',
      '/api/openapi.json'
    );
    expect(response.status).toBe(200);
    expect(response.body.openapi).toBe('3.0.3');
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/api/chronic-applications', '/api/chronic-applications/{id}/review', '/api/auth/login'])
    );
  });
});

describe('readiness with the worker as its own process', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem('killed', {}, { worker: false });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('reports 503 naming the worker after the worker process is killed', async () => {
    const worker = await startWorkerProcess(system);
    try {
      worker.kill('SIGKILL');
      const down = await eventually('not ready after the kill', async () => {
        const response = await call<Record<string, string>>(system, 'GET', '/readyz');
        return response.status === 503 ? response : undefined;
      });
      expect(down.body.worker).toContain('no live worker');
    } finally {
      worker.kill('SIGKILL');
    }
  });
});

describe('readiness of a worker that cannot print', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem('noprinter', { CHROMIUM_PATH: '/opt/nowhere/chromium' });
  });
  afterAll(async () => {
    await system?.stop();
  });

  it('reports the printer problem without making the system unready', async () => {
    const ready = await eventually('ready', async () => {
      const response = await call<Record<string, string>>(system, 'GET', '/readyz');
      return response.status === 200 ? response : undefined;
    });
    expect(ready.body).toEqual({
      database: 'ok',
      temporal: 'ok',
      worker: 'ok',
      printer: 'CHROMIUM_PATH /opt/nowhere/chromium is not an executable file'
    });
  });
});
