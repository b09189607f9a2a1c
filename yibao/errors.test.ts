import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../db/connection';
import { generateSm2KeyPair } from '../crypto/gm';
import { openTestDatabase } from '../test/support/database';
import { freePort } from '../runtime/free-port';
import { YibaoClient } from './client';
import {
  YibaoAmbiguousError,
  YibaoBusinessError,
  YibaoGatewayAuthError,
  YibaoNetworkError,
  YibaoValidationError
} from './errors';
import type { SimPerson } from './sim/data';
import { startYibaoPair, type YibaoPair } from './sim/testing';
import { formatDate } from './time';

let database: DatabaseHandle;
let pair: YibaoPair;
let person: SimPerson;
const today = formatDate(new Date());

async function control(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${pair.simulator.url}/sim${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body)
  });
  expect(response.ok).toBe(true);
  return response.json();
}

const counters = () =>
  control('GET', '/counters') as Promise<{
    requests: Record<string, number>;
    filings_per_person: Record<string, number>;
  }>;

function chronicFiling(code = 'M03900', name = '高血压病') {
  return {
    psnNo: person.psnNo,
    insutype: person.insutype,
    opspDiseCode: code,
    opspDiseName: name,
    insuOptins: person.insuplcAdmdvs,
    ideFixmedinsNo: 'H36010200015',
    ideFixmedinsName: '江西中医药大学附属医院',
    hospIdeDate: today,
    diagDrCodg: 'D360100012345',
    diagDrName: '罗明',
    begndate: today
  };
}

beforeAll(async () => {
  database = await openTestDatabase();
  pair = await startYibaoPair(database, 'csb+sm2', { client: { timeoutMs: 1_500 } });
  person = pair.simulator.state.persons[2] as SimPerson;
  await pair.client.getPersonInfo({ mdtrtCertType: '02', mdtrtCertNo: person.certno });
});

afterEach(async () => {
  await control('PUT', '/faults', {});
});

afterAll(async () => {
  await pair.close();
  await database.close();
});

describe('the error taxonomy', () => {
  it('refuses a missing required field with YibaoValidationError and sends nothing', async () => {
    const before = (await counters()).requests['2503'] ?? 0;
    const { opspDiseName: _dropped, ...incomplete } = chronicFiling();
    const error = await pair.client
      .fileChronicDisease(incomplete as ReturnType<typeof chronicFiling>)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(YibaoValidationError);
    expect(error).toMatchObject({ code: 'YIBAO_VALIDATION', retryable: false, mayBeCommitted: false });
    expect((error as YibaoValidationError).issues).toContain('门慢门特病种名称(opsp_dise_name)不能为空');
    expect((await counters()).requests['2503'] ?? 0).toBe(before);
  });

  it('reports a platform that cannot be reached as a retryable YibaoNetworkError', async () => {
    const closed = await YibaoClient.create({ ...pair.clientOptions, baseUrl: `http://127.0.0.1:${await freePort()}` });
    try {
      const error = await closed
        .queryDictionary({ type: 'gend', admdvs: '360100', date: today, valiFlag: '1' })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(YibaoNetworkError);
      expect(error).toMatchObject({ code: 'YIBAO_NETWORK', retryable: true, mayBeCommitted: false });
    } finally {
      await closed.close();
    }
  });

  it('reconciles an ambiguous 2503 with 5301 without filing a second time', async () => {
    await control('PUT', '/faults', { byInfno: { '2503': { ambiguousCommitRate: 1 } } });
    const error = await pair.client.fileChronicDisease(chronicFiling()).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(YibaoAmbiguousError);
    expect(error).toMatchObject({ code: 'YIBAO_AMBIGUOUS', mayBeCommitted: true, retryable: false, reason: 'reset' });
    await control('PUT', '/faults', {});

    // The caller's reconciliation: the filing is not listed while pending, so it waits for the bureau.
    expect((await pair.client.queryChronicFilings({ psnNo: person.psnNo })).data).toEqual([]);
    const filings = (await control('GET', `/filings?psn_no=${person.psnNo}&kind=chronic`)) as {
      sn: string;
      msgid: string;
    }[];
    expect(filings).toHaveLength(1);
    expect(filings[0]?.msgid).toBe((error as YibaoAmbiguousError).msgid);
    await control('POST', `/filings/${filings[0]?.sn}/decision`, { decision: 'approve' });
    const listed = await pair.client.queryChronicFilings({ psnNo: person.psnNo });
    expect(listed.data.map(row => row.opspDiseCode)).toEqual(['M03900']);

    const after = await counters();
    expect(after.requests['2503']).toBe(1);
    expect(after.filings_per_person[person.psnNo]).toBe(1);
  });

  it('reports a timeout after sending as ambiguous, retryable only for a query', async () => {
    await control('PUT', '/faults', { default: { timeoutRate: 1 } });
    const query = await pair.client.queryChronicFilings({ psnNo: person.psnNo }).catch((caught: unknown) => caught);
    expect(query).toBeInstanceOf(YibaoAmbiguousError);
    expect(query).toMatchObject({ reason: 'timeout', retryable: true });
    const filing = await pair.client
      .fileChronicDisease(chronicFiling('M01600', '糖尿病'))
      .catch((caught: unknown) => caught);
    expect(filing).toMatchObject({ code: 'YIBAO_AMBIGUOUS', reason: 'timeout', retryable: false });
  });

  it('reports an HTTP 503 as ambiguous with its status', async () => {
    await control('PUT', '/faults', { byInfno: { '5301': { http5xxRate: 1 } } });
    const error = await pair.client.queryChronicFilings({ psnNo: person.psnNo }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'YIBAO_AMBIGUOUS', reason: 'http-status', httpStatus: 503 });
  });

  it('treats an answer signed with another key as ambiguous, never as success', async () => {
    const stranger = generateSm2KeyPair();
    const other = await startYibaoPair(database, 'sm2');
    const forged = await YibaoClient.create({
      ...other.clientOptions,
      sm2: { ...other.clientOptions.sm2!, platformPublicKey: stranger.publicKey }
    });
    try {
      const error = await forged
        .queryDictionary({ type: 'gend', admdvs: '360100', date: today, valiFlag: '1' })
        .catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'YIBAO_AMBIGUOUS', reason: 'bad-signature' });
    } finally {
      await forged.close();
      await other.close();
    }
  });

  it('reports a gateway refusal as a non-retryable YibaoGatewayAuthError with the gateway message', async () => {
    const wrong = await YibaoClient.create({
      ...pair.clientOptions,
      csb: { ...pair.clientOptions.csb!, secretKey: 'not-the-secret' }
    });
    try {
      const error = await wrong.queryChronicFilings({ psnNo: person.psnNo }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(YibaoGatewayAuthError);
      expect(error).toMatchObject({ code: 'YIBAO_GATEWAY_AUTH', retryable: false, httpStatus: 401, alert: true });
      expect((error as Error).message).toContain('签名不一致!');
    } finally {
      await wrong.close();
    }
  });

  it('reports infcode -1 as YibaoBusinessError, retryable only for a known transient message', async () => {
    const unknown = await pair.client
      .fileChronicDisease(chronicFiling('M99999', '不存在的病种'))
      .catch((caught: unknown) => caught);
    expect(unknown).toBeInstanceOf(YibaoBusinessError);
    expect(unknown).toMatchObject({
      code: 'YIBAO_BUSINESS',
      retryable: false,
      errMsg: '门慢门特病种目录代码[M99999]不存在'
    });
    expect((unknown as YibaoBusinessError).infRefmsgid).toMatch(/^360100/);

    await control('PUT', '/faults', { byInfno: { '5301': { businessErrorRate: 1 } } });
    const busy = await pair.client.queryChronicFilings({ psnNo: person.psnNo }).catch((caught: unknown) => caught);
    expect(busy).toMatchObject({ code: 'YIBAO_BUSINESS', retryable: true, errMsg: '系统繁忙，请稍后重试' });
  });

  it('renews a rejected sign-in once with 9001 and retries the call', async () => {
    await pair.client.signIn();
    const before = (await counters()).requests['9001'] ?? 0;
    await control('PUT', '/faults', { expireSignInsNow: true });
    const result = await pair.client.queryChronicFilings({ psnNo: person.psnNo });
    expect(Array.isArray(result.data)).toBe(true);
    expect((await counters()).requests['9001']).toBe(before + 1);

    await control('PUT', '/faults', { byInfno: { '5301': { signInExpiryRate: 1 } } });
    const error = await pair.client.queryChronicFilings({ psnNo: person.psnNo }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'YIBAO_BUSINESS', errMsg: '签到信息不存在或已失效，请重新签到' });
    expect((await counters()).requests['9001']).toBe(before + 2);
  });
});
