import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AliyunSmsGateway, SmsDeliveryError, TencentSmsGateway } from '.';
import { startSmsSimulator, type RunningSmsSimulator } from './sim';

const aliyunAccount = { accessKeyId: 'LTAI5tTestAccessKey', accessKeySecret: 'aliyun-test-secret-0123456789' };
const tencentAccount = { secretId: 'AKIDtestSecretId0123456789', secretKey: 'tencent-test-secret-0123456789' };
const signName = '江西中医药大学附属医院';

interface CapturedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** Forwards requests to the simulator and keeps them, so a test can replay or alter a signed request. */
async function startCapture(
  target: string
): Promise<{ url: string; requests: CapturedRequest[]; close: () => Promise<void> }> {
  const requests: CapturedRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const headers = Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, String(value)]));
      const captured = {
        method: request.method ?? 'POST',
        url: request.url ?? '/',
        headers,
        body: Buffer.concat(chunks)
      };
      requests.push(captured);
      void replay(target, captured).then(async answer => {
        response.writeHead(answer.status, { 'content-type': 'application/json' });
        response.end(await answer.text());
      });
    });
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => new Promise<void>(resolve => server.close(() => resolve()))
  };
}

/** Sends a captured request on unchanged but for `changes`, with the Host the client signed. */
function replay(
  target: string,
  request: CapturedRequest,
  changes: Partial<CapturedRequest> = {}
): Promise<{ status: number; text: () => Promise<string>; json: () => Promise<unknown> }> {
  const body = changes.body ?? request.body;
  const { 'content-length': _length, connection: _connection, ...headers } = request.headers;
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      `${target}${changes.url ?? request.url}`,
      { method: request.method, headers: { ...headers, 'content-length': String(body.length) } },
      incoming => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: incoming.statusCode ?? 0,
            text: () => Promise.resolve(text),
            json: () => Promise.resolve(JSON.parse(text))
          });
        });
      }
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

async function deliveryError(send: Promise<void>): Promise<SmsDeliveryError> {
  const error = await send.then(
    () => undefined,
    (failure: unknown) => failure
  );
  expect(error).toBeInstanceOf(SmsDeliveryError);
  return error as SmsDeliveryError;
}

describe('Alibaba Cloud SMS through the dysmsapi SDK', () => {
  let simulator: RunningSmsSimulator;
  const gateway = (endpoint: string, secret = aliyunAccount.accessKeySecret) =>
    new AliyunSmsGateway({
      ...aliyunAccount,
      accessKeySecret: secret,
      signName,
      templateCode: 'SMS_465310001',
      endpoint
    });

  beforeAll(async () => {
    simulator = await startSmsSimulator({
      provider: 'aliyun',
      ...aliyunAccount,
      signName,
      templateCode: 'SMS_465310001'
    });
  });
  afterAll(async () => {
    await simulator?.close();
  });

  it('sends the sign-in code as the template variable `code` to the number', async () => {
    await gateway(simulator.url).sendCode('13907910001', '402817');
    expect(simulator.state.sent.at(-1)).toMatchObject({
      provider: 'aliyun',
      phone: '13907910001',
      signName,
      template: 'SMS_465310001',
      params: { code: '402817' }
    });
    expect(simulator.state.lastCode('13907910001')).toBe('402817');
  });

  it('is refused with SignatureDoesNotMatch when signed with another secret', async () => {
    const error = await deliveryError(gateway(simulator.url, 'not-the-secret').sendCode('13907910002', '111111'));
    expect(error.providerCode).toBe('SignatureDoesNotMatch');
    expect(error.retryable).toBe(false);
  });

  it('refuses a signed request whose query was changed, and the same request replayed', async () => {
    const capture = await startCapture(simulator.url);
    try {
      await gateway(capture.url).sendCode('13907910003', '222222');
      const [signed] = capture.requests;
      const altered = await replay(simulator.url, signed!, { url: signed!.url.replace('13907910003', '13907910004') });
      expect(((await altered.json()) as { Code: string }).Code).toBe('SignatureDoesNotMatch');
      const replayed = await replay(simulator.url, signed!);
      expect(((await replayed.json()) as { Code: string }).Code).toBe('SignatureNonceUsed');
    } finally {
      await capture.close();
    }
  });

  it('reports the minute limit per number as a retryable refusal', async () => {
    await gateway(simulator.url).sendCode('13907910005', '333333');
    const error = await deliveryError(gateway(simulator.url).sendCode('13907910005', '444444'));
    expect(error.providerCode).toBe('isv.BUSINESS_LIMIT_CONTROL');
    expect(error.retryable).toBe(true);
  });

  it('reports an unreachable endpoint as a retryable network failure', async () => {
    const error = await deliveryError(gateway('http://127.0.0.1:9').sendCode('13907910006', '555555'));
    expect(error.providerCode).toBe('NETWORK');
    expect(error.retryable).toBe(true);
  });
});

describe('Tencent Cloud SMS through the tencentcloud SDK', () => {
  let simulator: RunningSmsSimulator;
  const options = { sdkAppId: '1400801234', signName, templateId: '1873215', region: 'ap-guangzhou' };
  const gateway = (endpoint: string, secretKey = tencentAccount.secretKey) =>
    new TencentSmsGateway({ ...tencentAccount, secretKey, ...options, endpoint });

  beforeAll(async () => {
    simulator = await startSmsSimulator({ provider: 'tencent', ...tencentAccount, ...options });
  });
  afterAll(async () => {
    await simulator?.close();
  });

  it('sends the code and its validity in minutes to the number in E.164 form', async () => {
    await gateway(simulator.url).sendCode('13907910011', '602918');
    expect(simulator.state.sent.at(-1)).toMatchObject({
      provider: 'tencent',
      phone: '+8613907910011',
      template: '1873215',
      params: ['602918', '5']
    });
  });

  it('is refused with AuthFailure.SignatureFailure when signed with another key', async () => {
    const error = await deliveryError(gateway(simulator.url, 'not-the-key').sendCode('13907910012', '111111'));
    expect(error.providerCode).toBe('AuthFailure.SignatureFailure');
    expect(error.retryable).toBe(false);
  });

  it('refuses a signed request whose body was changed', async () => {
    const capture = await startCapture(simulator.url);
    try {
      await gateway(capture.url).sendCode('13907910013', '222222');
      const [signed] = capture.requests;
      const altered = await replay(simulator.url, signed!, {
        body: Buffer.from(signed!.body.toString('utf8').replace('13907910013', '13907910014'))
      });
      const answer = (await altered.json()) as { Response: { Error?: { Code: string } } };
      expect(answer.Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
    } finally {
      await capture.close();
    }
  });

  it('reports the per-number limit from the send status as a retryable refusal', async () => {
    await gateway(simulator.url).sendCode('13907910015', '333333');
    const error = await deliveryError(gateway(simulator.url).sendCode('13907910015', '444444'));
    expect(error.providerCode).toBe('LimitExceeded.PhoneNumberThirtySecondLimit');
    expect(error.retryable).toBe(true);
  });

  it('reports a template that is not the approved one as a permanent refusal', async () => {
    const other = new TencentSmsGateway({ ...tencentAccount, ...options, templateId: '999', endpoint: simulator.url });
    const error = await deliveryError(other.sendCode('13907910016', '555555'));
    expect(error.providerCode).toBe('FailedOperation.TemplateIncorrectOrUnapproved');
    expect(error.retryable).toBe(false);
  });
});
