import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Sm2Signer, generateSm2KeyPair, initGm } from '../../crypto/gm';
import { isValidIdNumber } from '../../domain/id-number';
import { parseConfig } from '../../runtime/config';
import { postEnvelope, wireEnvelope, wireMsgid } from '../../test/support/yibao-wire';
import { csbHeaders, decryptBody, encryptBody, parseAuthModes, signBody } from '../gateway';
import { formatCompactTime, formatDate } from '../time';
import { createYibaoSimulator, type YibaoSimulatorOptions } from './app';
import { yibaoSimulatorOptionsFromConfig } from './index';

const hospital = generateSm2KeyPair();
const platform = generateSm2KeyPair();
const csb = { accessKey: 'ak-test', secretKey: 'sk-test-secret', apiVersion: '1.0.0' };
const sm4Key = crypto.randomBytes(16);
const options: YibaoSimulatorOptions = {
  auth: new Set(['csb', 'sm2', 'sm4'] as const),
  fixmedinsCode: 'H36010200015',
  csb,
  sm2: { platformPrivateKey: platform.privateKey, hospitalPublicKey: hospital.publicKey, userId: '1234567812345678' },
  sm4Key
};

let simulator: ReturnType<typeof createYibaoSimulator>;

beforeAll(async () => {
  await initGm();
});

beforeEach(() => {
  simulator?.close();
  simulator = createYibaoSimulator(options);
});

/** Signs, encrypts and sends like a correct client; `changes` alter the envelope after signing, or the headers. */
function send(
  infno: string,
  input: unknown,
  changes: {
    envelope?: Record<string, unknown>;
    headers?: Record<string, string>;
    now?: number;
    signer?: Sm2Signer;
  } = {}
) {
  const body = wireEnvelope(infno, input, {
    cainfo: signBody(changes.signer ?? new Sm2Signer(hospital.privateKey), input),
    signtype: 'SM2',
    input: encryptBody(sm4Key, input),
    enc_type: 'SM4',
    ...changes.envelope
  });
  return request(simulator.app)
    .post(`/CSB/hsa-fsi-${infno}`)
    .set({
      'content-type': 'application/json;charset=utf-8',
      ...csbHeaders(infno, csb, changes.now ?? Date.now()),
      ...changes.headers
    })
    .send(JSON.stringify(body));
}

function errMsg(response: { body: unknown }): unknown {
  return (response.body as { err_msg?: unknown }).err_msg;
}

async function signIn(): Promise<string> {
  const response = await send('9001', { signIn: { opter_no: 'ybxt001', mac: '00-16-3E-00-00-01', ip: '10.36.1.20' } });
  const body = response.body as { infcode: number; output: string };
  expect(body.infcode).toBe(0);
  return (decryptBody(sm4Key, body.output) as { signinoutb: { sign_no: string } }).signinoutb.sign_no;
}

describe('the simulated gateway', () => {
  it('refuses a wrong CSB signature with the gateway 401', async () => {
    const response = await send(
      '9001',
      { signIn: { opter_no: 'ybxt001', mac: 'm', ip: 'i' } },
      {
        headers: { _api_signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }
      }
    );
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ code: 401, message: '签名不一致!' });
  });

  it('refuses a timestamp older than 30 minutes', async () => {
    const response = await send(
      '9001',
      { signIn: { opter_no: 'ybxt001', mac: 'm', ip: 'i' } },
      {
        now: Date.now() - 31 * 60_000
      }
    );
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ code: 401, message: '签名时间戳超时!' });
  });

  it('refuses missing gateway headers and an unknown access key', async () => {
    const missing = await request(simulator.app).post('/CSB/hsa-fsi-9001').send('{}');
    expect(missing.body).toEqual({ code: 401, message: '缺少服务网关的请求头!' });
    const stranger = await send(
      '9001',
      {},
      { headers: csbHeaders('9001', { ...csb, accessKey: 'other' }, Date.now()) }
    );
    expect(stranger.body).toEqual({ code: 401, message: '非法用户!' });
  });

  it('refuses an SM2 signature made with another key', async () => {
    const response = await send(
      '9001',
      { signIn: { opter_no: 'ybxt001', mac: 'm', ip: 'i' } },
      {
        signer: new Sm2Signer(generateSm2KeyPair().privateKey)
      }
    );
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ infcode: -1, err_msg: '数字签名验证失败', output: null });
  });

  it('refuses plaintext input when SM4 is required', async () => {
    const input = { signIn: { opter_no: 'ybxt001', mac: 'm', ip: 'i' } };
    const response = await send('9001', input, { envelope: { input, enc_type: undefined } });
    expect(response.body).toMatchObject({ infcode: -1, err_msg: '交易输入应为SM4密文(enc_type=SM4)' });
  });
});

describe('the simulated platform', () => {
  it('refuses a missing required field with infcode -1 and a Chinese err_msg', async () => {
    const signNo = await signIn();
    const response = await send('5301', { data: { psn_no: '' } }, { envelope: { sign_no: signNo } });
    expect(response.body).toMatchObject({ infcode: -1, err_msg: '[psn_no]人员编号不能为空' });
  });

  it('refuses a field longer than the spec allows', async () => {
    const signNo = await signIn();
    const person = simulator.state.persons[0]!;
    const response = await send(
      '2504',
      { data: { trt_dcla_detl_sn: '1'.repeat(31), psn_no: person.psnNo, memo: '撤销' } },
      { envelope: { sign_no: signNo, insuplc_admdvs: person.insuplcAdmdvs } }
    );
    expect(response.body).toMatchObject({ infcode: -1, err_msg: '[trt_dcla_detl_sn]待遇申报明细流水号长度不能超过30' });
  });

  it('refuses calls without a sign-in, with a missing insuplc_admdvs, a reused msgid or upper-case nodes', async () => {
    const person = simulator.state.persons[0]!;
    const noSignIn = await send('5301', { data: { psn_no: person.psnNo } });
    expect(errMsg(noSignIn)).toBe('交易签到流水号(sign_no)不能为空，请先签到');
    const signNo = await signIn();
    const noAdmdvs = await send('5301', { data: { psn_no: person.psnNo } }, { envelope: { sign_no: signNo } });
    expect(errMsg(noAdmdvs)).toBe('交易输入含人员编号时参保地医保区划(insuplc_admdvs)不能为空');
    const upper = await send('5301', { Data: { psn_no: person.psnNo } }, { envelope: { sign_no: signNo } });
    expect(errMsg(upper)).toBe('节点名称必须小写：Data');
    const msgid = `H36010200015${formatCompactTime(new Date())}9999`;
    const fixed = { sign_no: signNo, insuplc_admdvs: person.insuplcAdmdvs, msgid };
    expect((await send('5301', { data: { psn_no: person.psnNo } }, { envelope: fixed })).body).toMatchObject({
      infcode: 0
    });
    const again = await send('5301', { data: { psn_no: person.psnNo } }, { envelope: fixed });
    expect(errMsg(again)).toBe(`发送方报文ID[${msgid}]重复`);
  });

  it('refuses a dual-channel filing whose appy_type is not 32', async () => {
    const signNo = await signIn();
    const person = simulator.state.persons[1]!;
    const today = formatDate(new Date());
    const response = await send(
      '2511',
      {
        data: {
          psn_no: person.psnNo,
          psn_name: person.name,
          certno: person.certno,
          psn_cert_type: '01',
          appy_date: today,
          begndate: today,
          enddate: today,
          appy_type: '31'
        },
        twopathdruglist: [{ med_list_codg: 'XL01XEA298A001010105487', med_list_name: '甲磺酸奥希替尼片' }],
        twopathfixmedins: [
          { fixmedins_code: 'H36010200015', fixmedins_name: '江西中医药大学附属医院', poolarea_no: '360100' }
        ]
      },
      { envelope: { sign_no: signNo, insuplc_admdvs: person.insuplcAdmdvs } }
    );
    expect(response.body).toMatchObject({ infcode: -1, err_msg: '申请类型必须为32（双通道备案）' });
  });
});

describe('the control API', () => {
  it('lists realistic Jiangxi insured persons including children and teenagers', async () => {
    const response = await request(simulator.app).get('/sim/persons');
    const persons = response.body as { certno: string; age: number; admdvs: string; insutype: string; tel: string }[];
    expect(persons.length).toBeGreaterThanOrEqual(12);
    for (const person of persons) {
      expect(isValidIdNumber(person.certno)).toBe(true);
      expect(person.admdvs).toMatch(/^36\d{4}$/);
      expect(['310', '390']).toContain(person.insutype);
      expect(person.tel).toMatch(/^1\d{10}$/);
    }
    expect(persons.some(person => person.age < 14)).toBe(true);
    expect(persons.some(person => person.age >= 14 && person.age < 18)).toBe(true);
    expect(persons.some(person => person.age >= 65)).toBe(true);
  });

  it('decides a pending filing once and refuses a second decision', async () => {
    const person = simulator.state.persons[0]!;
    simulator.state.addFiling({
      kind: 'chronic',
      sn: 'SN1',
      psnNo: person.psnNo,
      status: 'pending',
      createdAt: new Date(),
      decidedAt: undefined,
      msgid: 'm',
      begndate: '2026-01-01',
      enddate: undefined,
      chronic: { opspDiseCode: 'M03900', opspDiseName: '高血压病' }
    });
    const listed = await request(simulator.app).get('/sim/filings?status=pending');
    expect(listed.body).toEqual([
      expect.objectContaining({ kind: 'chronic', sn: 'SN1', psn_no: person.psnNo, status: 'pending' })
    ]);
    const decided = await request(simulator.app).post('/sim/filings/SN1/decision').send({ decision: 'reject' });
    expect(decided.body).toEqual({ sn: 'SN1', status: 'rejected' });
    expect((await request(simulator.app).post('/sim/filings/SN1/decision').send({ decision: 'approve' })).status).toBe(
      409
    );
    expect((await request(simulator.app).post('/sim/filings/SN1/decision').send({ decision: 'maybe' })).status).toBe(
      400
    );
    await request(simulator.app).post('/sim/reset');
    expect((await request(simulator.app).get('/sim/filings')).body).toEqual([]);
  });

  it('approves filings by itself after the configured delay', async () => {
    simulator.close();
    simulator = createYibaoSimulator({ ...options, decisionDelayMs: 50 });
    simulator.state.addFiling({
      kind: 'dual-channel',
      sn: 'SYT1',
      psnNo: simulator.state.persons[0]!.psnNo,
      status: 'pending',
      createdAt: new Date(),
      decidedAt: undefined,
      msgid: 'm',
      begndate: '2026-01-01',
      enddate: '2026-12-31'
    });
    await new Promise(resolve => setTimeout(resolve, 120));
    expect(simulator.state.filings.get('SYT1')?.status).toBe('approved');
  });

  it('refuses a fault configuration with an out-of-range rate', async () => {
    const response = await request(simulator.app)
      .put('/sim/faults')
      .send({ default: { resetRate: 2 } });
    expect(response.status).toBe(400);
  });
});

describe('what real clients send, in the default mode', () => {
  const fixmedinsCode = 'H36010200015';
  let defaults: YibaoSimulatorOptions;
  let csbOnly: ReturnType<typeof createYibaoSimulator>;

  let dataDir: string;

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yb-sim-defaults-'));
    defaults = yibaoSimulatorOptionsFromConfig(parseConfig({ APP_ENV: 'test', DATA_DIR: dataDir }));
  });

  afterAll(() => {
    csbOnly.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    csbOnly?.close();
    csbOnly = createYibaoSimulator(defaults);
  });

  const base = wireEnvelope;

  function post(
    envelope: ReturnType<typeof wireEnvelope>,
    simulator = csbOnly,
    options: YibaoSimulatorOptions = defaults
  ) {
    return postEnvelope(simulator.app, envelope, {
      auth: options.auth,
      csb: options.csb && { ...options.csb, apiVersion: '1.0.0' }
    });
  }

  async function signInAs(opter: string, opterNo = opter): Promise<string> {
    const answer = await post(
      base('9001', { signIn: { opter_no: opterNo, mac: '00-16-3E-00-00-01', ip: '10.36.1.20' } }, { opter })
    );
    expect(answer.body).toMatchObject({ infcode: 0 });
    return (answer.body.output as { signinoutb: { sign_no: string } }).signinoutb.sign_no;
  }

  function query5301(overrides: Record<string, unknown>) {
    const person = csbOnly.state.persons[0]!;
    return post(
      base('5301', { data: { psn_no: person.psnNo } }, { insuplc_admdvs: person.insuplcAdmdvs, ...overrides })
    );
  }

  it('runs in CSB-only mode unless YIBAO_AUTH says otherwise', () => {
    expect([...defaults.auth]).toEqual(['csb']);
  });

  it('accepts a msgid whose sequence is not zero-padded, and still refuses another institution, a far time or a second use', async () => {
    const signNo = await signInAs('ybxt001');
    const now = new Date();
    const unpadded = wireMsgid(fixmedinsCode, now, '7');
    expect((await query5301({ sign_no: signNo, msgid: unpadded })).body).toMatchObject({ infcode: 0 });
    expect((await query5301({ sign_no: signNo, msgid: unpadded })).body.err_msg).toBe(`发送方报文ID[${unpadded}]重复`);
    expect((await query5301({ sign_no: signNo, msgid: wireMsgid('H36010200099', now, '8') })).body.err_msg).toBe(
      '[msgid]发送方报文ID格式错误，应为定点医药机构编号(12)+时间(14)+顺序号(1-4位)'
    );
    const stale = wireMsgid(fixmedinsCode, new Date(now.getTime() - 31 * 60_000), '9');
    expect((await query5301({ sign_no: signNo, msgid: stale })).body.err_msg).toBe(
      `发送方报文ID[${stale}]中的时间与交易时间相差过大`
    );
  });

  it('accepts opter_type as the JSON number 1 and still refuses a number outside its code table', async () => {
    const answer = await post(base('9001', { signIn: { opter_no: 'ybxt001', mac: 'm', ip: 'i' } }, { opter_type: 1 }));
    expect(answer.body).toMatchObject({ infcode: 0 });
    const signNo = (answer.body.output as { signinoutb: { sign_no: string } }).signinoutb.sign_no;
    expect((await query5301({ sign_no: signNo, opter_type: 1 })).body).toMatchObject({ infcode: 0 });
    expect((await query5301({ sign_no: signNo, opter_type: 4 })).body.err_msg).toBe('[opter_type]经办人类别取值错误');
  });

  it('accepts a 9001 whose opter_no is not the envelope opter, and binds the sign_no to the envelope opter', async () => {
    // The Jilin client: its user id as opter, the operator code as opter_no.
    const signNo = await signInAs('1907254398', 'YB0153');
    expect(await signInAs('1907254398', 'YB0153')).toBe(signNo);
    expect((await query5301({ sign_no: signNo, opter: '1907254398' })).body).toMatchObject({ infcode: 0 });
    expect((await query5301({ sign_no: signNo, opter: 'YB0153' })).body.err_msg).toBe(
      '签到信息不存在或已失效，请重新签到'
    );
    const signOut = (opterNo: string) =>
      post(base('9002', { signOut: { sign_no: signNo, opter_no: opterNo } }, { opter: '1907254398', sign_no: signNo }));
    expect((await signOut('1907254398')).body.err_msg).toBe('签退操作员编号与签到时的操作员编号不一致');
    expect((await signOut('YB0153')).body).toMatchObject({ infcode: 0 });
    expect((await query5301({ sign_no: signNo, opter: '1907254398' })).body.err_msg).toBe(
      '签到信息不存在或已失效，请重新签到'
    );
  });

  it('accepts empty cainfo and signtype on CSB headers alone, and refuses them where SM2 is required', async () => {
    const signNo = await signInAs('ybxt001');
    expect((await query5301({ sign_no: signNo, cainfo: '', signtype: '' })).body).toMatchObject({ infcode: 0 });
    const sm2Options = { ...defaults, auth: parseAuthModes('csb+sm2') };
    const sm2 = createYibaoSimulator(sm2Options);
    try {
      const answer = await post(base('9001', { signIn: { opter_no: 'ybxt001', mac: 'm', ip: 'i' } }), sm2, sm2Options);
      expect(answer.body).toMatchObject({ infcode: -1, err_msg: '数字签名信息(cainfo)不能为空' });
    } finally {
      sm2.close();
    }
  });

  describe('where the spec is silent', () => {
    function withAssumptions(assumptions: YibaoSimulatorOptions['assumptions']) {
      csbOnly.close();
      csbOnly = createYibaoSimulator({ ...defaults, assumptions });
    }

    async function personInfo(signNo: string) {
      const person = csbOnly.state.persons[0]!;
      const answer = await post(
        base(
          '1101',
          { data: { mdtrt_cert_type: '02', mdtrt_cert_no: person.certno, psn_cert_type: '01' } },
          { sign_no: signNo }
        )
      );
      return (answer.body.output as { insuinfo: { insuplc_admdvs: string }[] }).insuinfo[0]?.insuplc_admdvs;
    }

    it("answers 1101 with the pooling area code, and takes any code of the person's pooling area but no other", async () => {
      const signNo = await signInAs('ybxt001');
      expect(csbOnly.state.persons[0]?.insuplcAdmdvs).toBe('360102');
      expect(await personInfo(signNo)).toBe('360199');
      for (const code of ['360199', '360102', '360100']) {
        expect((await query5301({ sign_no: signNo, insuplc_admdvs: code })).body, code).toMatchObject({ infcode: 0 });
      }
      for (const code of ['361199', '369900', '']) {
        expect((await query5301({ sign_no: signNo, insuplc_admdvs: code })).body.err_msg, code).toMatch(
          /参保地医保区划/
        );
      }
    });

    it('takes only the code 1101 answered when set to exact, and district codes when set so', async () => {
      withAssumptions({ insuplcCheck: 'exact' });
      let signNo = await signInAs('ybxt001');
      expect((await query5301({ sign_no: signNo, insuplc_admdvs: '360199' })).body).toMatchObject({ infcode: 0 });
      expect((await query5301({ sign_no: signNo, insuplc_admdvs: '360102' })).body.err_msg).toBe(
        '参保地医保区划与参保人参保地不一致'
      );
      withAssumptions({ insuplcCheck: 'exact', admdvsCodes: 'district' });
      signNo = await signInAs('ybxt001');
      expect(await personInfo(signNo)).toBe('360102');
      expect((await query5301({ sign_no: signNo, insuplc_admdvs: '360102' })).body).toMatchObject({ infcode: 0 });
    });

    it('takes an empty insuplc_admdvs as local business when the check is off', async () => {
      withAssumptions({ insuplcCheck: 'off' });
      const signNo = await signInAs('ybxt001');
      expect((await query5301({ sign_no: signNo, insuplc_admdvs: '' })).body).toMatchObject({ infcode: 0 });
    });

    it('handles a re-sent msgid as a new call when set to accept, and widens the msgid time window when set', async () => {
      withAssumptions({ duplicateMsgid: 'accept', msgidWindowMs: 2 * 3_600_000 });
      const signNo = await signInAs('ybxt001');
      const old = wireMsgid(fixmedinsCode, new Date(Date.now() - 3_600_000), '1');
      expect((await query5301({ sign_no: signNo, msgid: old })).body).toMatchObject({ infcode: 0 });
      expect((await query5301({ sign_no: signNo, msgid: old })).body).toMatchObject({ infcode: 0 });
    });
  });
});
