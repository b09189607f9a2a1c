import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/http';
import { startTestSystem, type TestSystem } from './support/system';

const token = 'metrics-scraper-token-for-tests';

describe('GET /metrics on the API', () => {
  let system: TestSystem;

  beforeAll(async () => {
    system = await startTestSystem('metrics', { METRICS_TOKEN: token });
  });
  afterAll(async () => {
    await system?.stop();
  });

  const scrape = (headers: Record<string, string> = {}) => fetch(`${system.apiUrl}/metrics`, { headers });

  it('exports Yibao calls, applications by status and stage, stuck filings, live workers, notices, the audit chain and Node', async () => {
    await system.core.yibao.signIn();
    const text = await eventually('a live worker and a verified audit chain', async () => {
      const body = await (await scrape()).text();
      return /workers_alive\{task_queue="[^"]+"\} 1/.test(body) && /audit_chain_valid 1/.test(body) ? body : undefined;
    });
    expect(text).toMatch(/yibao_calls_total\{infno="9001",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/yibao_call_duration_seconds_bucket\{le="0\.05",infno="9001"\} \d+/);
    expect(text).toMatch(/applications_total\{kind="chronic",status="submitted"\} \d+/);
    expect(text).toMatch(/applications_total\{kind="dual_channel",status="no_decision"\} \d+/);
    for (const stage of ['review', 'filing', 'bureau']) {
      expect(text).toMatch(new RegExp(`applications_waiting\\{kind="dual_channel",stage="${stage}"\\} \\d+`));
    }
    expect(text).toMatch(/filings_stuck\{kind="chronic"\} 0/);
    expect(text).toMatch(/notices_failed_total\{channel="wechat"\} 0/);
    expect(text).toMatch(/audit_chain_verified_timestamp_seconds \d+/);
    expect(text).toMatch(/process_cpu_user_seconds_total \d/);
    expect(text).toMatch(/nodejs_eventloop_lag_seconds \d/);
  });

  it('answers only this host directly, or a scraper with the token', async () => {
    // Relayed by a proxy on this host: not local.
    expect((await scrape({ 'X-Forwarded-For': '203.0.113.9' })).status).toBe(403);
    expect((await scrape({ 'X-Forwarded-For': '203.0.113.9', Authorization: 'Bearer wrong' })).status).toBe(403);
    const withToken = await scrape({ 'X-Forwarded-For': '203.0.113.9', Authorization: `Bearer ${token}` });
    expect(withToken.status).toBe(200);
    expect(withToken.headers.get('content-type')).toContain('text/plain');
  });
});
