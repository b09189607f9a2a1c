import express from 'express';
import { pino } from 'pino';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { requestLogging } from './request-logging';

function loggedApp() {
  const lines: Record<string, unknown>[] = [];
  const logger = pino(
    { level: 'info' },
    { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) }
  );
  const app = express();
  app.use(requestLogging(logger));
  app.get('/readyz', (_request, response) => response.json({ ok: true }));
  app.get('/api/patients/:number', (_request, response) => response.json({}));
  const front = express.Router();
  front.get('/', (_request, response) => response.send('<html></html>'));
  app.use('/m', front);
  return { app, lines };
}

describe('the request log', () => {
  it('writes one line per request with the path the client asked for, a request id and no headers', async () => {
    const { app, lines } = loggedApp();
    await request(app).get('/m/').set('X-Request-Id', 'proxy-1234abcd').expect(200);
    await request(app).get('/api/patients/13907918822?name=张').set('Authorization', 'Bearer secret').expect(200);
    expect(lines.map(line => [line.path, line.requestId])).toEqual([
      ['/m/', 'proxy-1234abcd'],
      ['/api/patients/[号码]', expect.any(String)]
    ]);
    const written = JSON.stringify(lines);
    expect(written).not.toMatch(/headers|Bearer|13907918822|张/);
  });

  it('does not log the readiness probe', async () => {
    const { app, lines } = loggedApp();
    await request(app).get('/readyz').expect(200);
    expect(lines).toEqual([]);
  });
});
