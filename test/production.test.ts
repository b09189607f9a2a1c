/**
 * The processes as an operator starts them in production (`npm run api`, `npm run worker`, APP_ENV unset),
 * configured with the documented variables and pointed at the simulators through the real-provider
 * adapters: Yibao with production keys (CSB + SM2), the HIS with its token, Alibaba Cloud SMS through its
 * SDK, WeChat through its HTTP API.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { generateFieldKeyEntry } from '../crypto/field-encryption';
import { defaultSm2UserId, generateSm2KeyPair } from '../crypto/gm';
import { startHisSimulator, type RunningHisSimulator } from '../his/sim/his-simulator';
import { freePort } from '../runtime/free-port';
import { projectRoot } from '../runtime/paths';
import { startSmsSimulator, type RunningSmsSimulator } from '../sms/sim';
import { parseAuthModes } from '../yibao/gateway';
import { startYibaoSimulator, type RunningYibaoSimulator } from '../yibao/sim';
import { startWechatSimulator, type RunningWechatSimulator } from '../wechat/sim/wechat-simulator';
import { eventually } from './support/http';
import { uniqueTaskQueue } from './support/temporal';

const fixmedinsCode = 'H36010300042';
const sms = {
  accessKeyId: 'LTAI5tProductionTest01',
  accessKeySecret: crypto.randomBytes(15).toString('base64'),
  signName: '江西中医药大学附属医院',
  templateCode: 'SMS_471205688'
};
const wechat = { appId: 'wx3b7e1f0c9d2a4e68', appSecret: crypto.randomBytes(16).toString('hex') };

interface Started {
  process: ChildProcess;
  output: () => string;
}

function startProcess(script: string, env: Record<string, string>): Started {
  const child = spawn(process.execPath, ['--import', 'tsx', `bin/${script}`], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  return { process: child, output: () => output };
}

async function stopProcess(started: Started | undefined): Promise<void> {
  if (!started || started.process.exitCode !== null) return;
  const exited = new Promise(resolve => started.process.once('exit', resolve));
  started.process.kill('SIGTERM');
  await exited;
}

/** Only what the operator sets: none of the test runner's own environment leaks in. */
function baseEnvironment(): Record<string, string> {
  return { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? os.tmpdir() };
}

describe('npm run api and npm run worker in production', () => {
  let yibao: RunningYibaoSimulator;
  let his: RunningHisSimulator;
  let smsSimulator: RunningSmsSimulator;
  let wechatSimulator: RunningWechatSimulator;
  let api: Started | undefined;
  let worker: Started | undefined;
  let apiUrl: string;
  let workerMetricsPort: number;
  let dataDir: string;

  beforeAll(async () => {
    const hospital = generateSm2KeyPair();
    const platform = generateSm2KeyPair();
    const csb = {
      accessKey: `ak${crypto.randomBytes(6).toString('hex')}`,
      secretKey: crypto.randomBytes(24).toString('base64')
    };
    const hisToken = crypto.randomBytes(16).toString('hex');
    yibao = await startYibaoSimulator({
      auth: parseAuthModes('csb+sm2'),
      fixmedinsCode,
      csb,
      tif: { paasid: 'unused', secret: 'unused' },
      sm2: { platformPrivateKey: platform.privateKey, hospitalPublicKey: hospital.publicKey, userId: defaultSm2UserId },
      sm4Key: crypto.randomBytes(16),
      port: 0
    });
    his = await startHisSimulator({ port: 0, token: hisToken });
    smsSimulator = await startSmsSimulator({ provider: 'aliyun', ...sms });
    wechatSimulator = await startWechatSimulator({ ...wechat, templates: {} });
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yb-production-'));
    const apiPort = await freePort();
    workerMetricsPort = await freePort();
    apiUrl = `http://127.0.0.1:${apiPort}`;
    const env: Record<string, string> = {
      ...baseEnvironment(),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
      PORT: String(apiPort),
      WORKER_METRICS_PORT: String(workerMetricsPort),
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: inject('temporalNamespace'),
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue('production'),
      YIBAO_BASE_URL: yibao.url,
      YIBAO_FIXMEDINS_CODE: fixmedinsCode,
      YIBAO_AUTH: 'csb+sm2',
      YIBAO_OPTER: `p${process.pid % 100000}prod`,
      YIBAO_CSB_ACCESS_KEY: csb.accessKey,
      YIBAO_CSB_SECRET_KEY: csb.secretKey,
      YIBAO_SM2_PRIVATE_KEY: hospital.privateKey,
      YIBAO_PLATFORM_SM2_PUBLIC_KEY: platform.publicKey,
      HIS_BASE_URL: his.url,
      HIS_TOKEN: hisToken,
      FIELD_KEYS: generateFieldKeyEntry(1),
      FIELD_KEY_BLIND_INDEX: crypto.randomBytes(32).toString('hex'),
      WECHAT_APP_ID: wechat.appId,
      WECHAT_APP_SECRET: wechat.appSecret,
      WECHAT_API_BASE_URL: wechatSimulator.url,
      SMS_PROVIDER: 'aliyun',
      SMS_ENDPOINT: smsSimulator.url,
      SMS_ACCESS_KEY_ID: sms.accessKeyId,
      SMS_ACCESS_KEY_SECRET: sms.accessKeySecret,
      SMS_SIGN_NAME: sms.signName,
      SMS_TEMPLATE_CODE: sms.templateCode,
      PASSWORD_PBKDF2_ITERATIONS: '10000'
    };
    api = startProcess('api.ts', env);
    worker = startProcess('worker.ts', env);
  });
  afterAll(async () => {
    await stopProcess(api);
    await stopProcess(worker);
    await yibao?.close();
    await his?.close();
    await smsSimulator?.close();
    await wechatSimulator?.close();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const post = (route: string, body: unknown, token?: string) =>
    fetch(`${apiUrl}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body)
    });

  it('starts, and is ready once the worker polls, with a printer', async () => {
    const ready = await eventually(
      `ready (api: ${api?.output().slice(-500)} worker: ${worker?.output().slice(-500)})`,
      async () => {
        const response = await fetch(`${apiUrl}/readyz`).catch(() => undefined);
        return response?.status === 200 ? response : undefined;
      },
      120_000
    );
    expect(await ready.json()).toEqual({ database: 'ok', temporal: 'ok', worker: 'ok', printer: 'ok' });
  });

  it('signs a patient in with a code sent through Alibaba Cloud SMS, and has no development outbox', async () => {
    const phone = '13907918822';
    expect((await post('/api/auth/sms/send', { phone })).status).toBe(202);
    const code = smsSimulator.state.lastCode(phone);
    expect(code).toMatch(/^\d{6}$/);
    const signedIn = await post('/api/auth/sms/login', { phone, code });
    expect(signedIn.status).toBe(200);
    expect((await fetch(`${apiUrl}/api/dev/sms-outbox?phone=${phone}`)).status).toBe(404);

    // The person check goes to the Yibao platform (1101) signed with the production keys.
    const { token } = (await signedIn.json()) as { token: string };
    const persons = (await (await fetch(`${yibao.url}/sim/persons`)).json()) as {
      psn_name: string;
      certno: string;
      age: number;
    }[];
    const adult = persons.find(person => person.age >= 18)!;
    const linked = await post(
      '/api/me/patients',
      { name: adult.psn_name, idNo: adult.certno, relation: 'self' },
      token
    );
    expect(linked.status).toBe(201);
  });

  it('answers 503 with the provider code when the SMS provider refuses, without the phone in the answer', async () => {
    smsSimulator.state.failNext('isv.BUSINESS_LIMIT_CONTROL');
    const refused = await post('/api/auth/sms/send', { phone: '13907918823' });
    expect(refused.status).toBe(503);
    const body = JSON.stringify(await refused.json());
    expect(body).toContain('SMS_UNAVAILABLE');
    expect(body).toContain('isv.BUSINESS_LIMIT_CONTROL');
    expect(body).not.toContain('13907918823');
  });

  it('signs a patient in through WeChat code2Session', async () => {
    expect((await post('/api/auth/wechat', { code: 'wx-login-code-0001' })).status).toBe(200);
  });

  it('seeds no demo accounts', async () => {
    expect((await post('/api/auth/login', { username: 'admin', password: 'Jxtcm@2026' })).status).toBe(401);
  });

  it('serves metrics on the API and on the worker port, Temporal worker metrics included', async () => {
    const apiMetrics = await (await fetch(`${apiUrl}/metrics`)).text();
    expect(apiMetrics).toMatch(/yibao_calls_total\{infno="1101",outcome="ok"\} [1-9]/);
    const workerMetrics = await eventually('temporal worker metrics', async () => {
      const text = await (await fetch(`http://127.0.0.1:${workerMetricsPort}/metrics`)).text();
      return /temporal_\w+/.test(text) ? text : undefined;
    });
    expect(workerMetrics).toContain('notices_failed_total');
    expect(workerMetrics).toMatch(/temporal_num_pollers|temporal_worker_task_slots_available/);
  });

  it('writes JSON log lines with a request id and neither headers nor the phone number', () => {
    const lines = api!
      .output()
      .split('\n')
      .filter(line => line.trim() !== '');
    const entries = lines.map(line => JSON.parse(line) as Record<string, unknown>);
    const requests = entries.filter(entry => entry.path !== undefined);
    expect(requests.length).toBeGreaterThan(0);
    for (const entry of requests) expect(entry.requestId).toEqual(expect.any(String));
    expect(requests.some(entry => entry.path === '/readyz')).toBe(false);
    const all = lines.join('\n');
    expect(all).not.toMatch(/"headers"|content-security-policy/);
    expect(all).not.toContain('13907918822');
  });
});

describe('a wrong production configuration', () => {
  it('is refused with one message naming every offending variable', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yb-refused-'));
    try {
      // A key file left by development, whose key was then copied into the production settings.
      fs.mkdirSync(path.join(dataDir, 'keys'));
      const developmentSecret = crypto.randomBytes(24).toString('base64');
      fs.writeFileSync(
        path.join(dataDir, 'keys', 'yibao-dev.json'),
        JSON.stringify({ csbSecretKey: developmentSecret })
      );
      const started = startProcess('api.ts', {
        ...baseEnvironment(),
        DATA_DIR: dataDir,
        YIBAO_FIXMEDINS_CODE: 'H36010200015',
        YIBAO_STATUS_SOURCE: 'simulator',
        YIBAO_CSB_ACCESS_KEY: 'ak-production-1',
        YIBAO_CSB_SECRET_KEY: developmentSecret,
        SMS_PROVIDER: 'tencent',
        PORT: 'not-a-port'
      });
      const code = await new Promise<number | null>(resolve => started.process.once('exit', resolve));
      expect(code).toBe(78);
      const message = started.output();
      expect(message.match(/invalid configuration/g)).toHaveLength(1);
      for (const expected of [
        'PORT=',
        'DATABASE_URL: unset',
        'TEMPORAL_ADDRESS: unset',
        'YIBAO_BASE_URL: unset',
        'HIS_BASE_URL: unset',
        'YIBAO_FIXMEDINS_CODE: the placeholder',
        'YIBAO_STATUS_SOURCE: simulator',
        'YIBAO_CSB_SECRET_KEY: a development key',
        'FIELD_KEYS: unset',
        'FIELD_KEY_BLIND_INDEX: unset',
        'HIS_TOKEN: unset',
        'WECHAT_APP_ID: unset',
        'WECHAT_APP_SECRET: unset',
        'SMS_ACCESS_KEY_ID: unset',
        'SMS_SDK_APP_ID: unset'
      ]) {
        expect(message).toContain(expected);
      }
      // The default YIBAO_AUTH (csb) needs no SM2 or SM4 key: none is asked for.
      expect(message).not.toMatch(/YIBAO_(SM2|PLATFORM_SM2|SM4)_/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
