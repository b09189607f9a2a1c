/**
 * Envelopes shaped as the three public clients shape them, posted to the simulator in each auth mode: the
 * simulator must take what the spec allows and refuse, with a Chinese err_msg, what it does not. Each shape
 * restates a client's field conventions, not its code:
 * - 江西芦溪 C# client (jtgiq111/NationYBProject, `JX/yb_interface_jx.cs`): `/CSB/hsa-fsi-{infno}`, msgid
 *   with an unpadded in-memory counter, opter_type the number 1, recer_sys_code "his", empty cainfo and
 *   signtype, insuplc_admdvs its own 就医地 unless set, the login user as both opter and opter_no;
 * - 吉林 Java client (newtouch-cloud/openhis-itaii, `HandlerServiceImpl`, `BusnessIdUtil`, `Sign`,
 *   `PersChrDis2503Param`): the single entry, msgid with a random 1000–9998, recer_sys_code "sys01",
 *   enc_type "SM4" always and SM2 + SM4 together when encrypting, its user id as opter and the operator code
 *   as opter_no, and hosp_ide_date a java.util.Date that fastjson2 writes "yyyy-MM-dd HH:mm:ss";
 * - Python SDK (hzg19700304/medical-insurance-interface-SDK, `protocol_processor.py`, its protocol doc):
 *   the single entry as text/plain, recer_sys_code "99", infver "1.0.0", the string "null" for empty
 *   dev_no/dev_safe_info/cainfo/sign_no, signtype "SM2" without a signature, the hospital's code as opter,
 *   and a msgid that is a UUID in its code (the documented form is code + time + 4 digits).
 * Gateway headers (CSB, TIF) are the deployment's, so every shape carries those of the mode.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSm2KeyPair, initGm } from '../../crypto/gm';
import { postEnvelope, chronicFilingWire, wireMsgid, type WireAnswer } from '../../test/support/yibao-wire';
import { parseAuthModes, type AuthMode } from '../gateway';
import { formatDate, formatDateTime } from '../time';
import { createYibaoSimulator, type YibaoSimulatorOptions } from './app';
import { seedPersons, type SimPerson } from './data';

const fixmedinsCode = 'H36010200015';
const hospitalName = '江西中医药大学附属医院';
/** The hospital's 就医地 (YIBAO_MDTRTAREA_ADMVS). */
const hospitalAdmdvs = '360100';
const userId = '1234567812345678';

interface Call {
  /** The person's 参保地 as 1101 answered it; a client may send its own area instead. */
  insuplc: string;
  signNo: string;
  now: Date;
}

interface ClientShape {
  name: string;
  /** Which person of the seed this client files for (each files once per mode). */
  personIndex: number;
  path: 'csb' | 'single';
  contentType: string;
  /** SM2 and SM4 the client can do: none, or only both together (the Jilin client's isEncrypt). */
  protection: 'none' | 'sm2+sm4';
  /** cainfo when it does not sign. */
  unsignedCainfo: string;
  envelope(infno: string, input: unknown, call: Call): Record<string, unknown>;
  signIn(): Record<string, unknown>;
  personInfo(person: SimPerson): Record<string, unknown>;
  /** The 2503 input as the client writes it. */
  chronicFiling(person: SimPerson, call: Call, today: string): Record<string, unknown>;
}

let jiangxiCounter = 0;
let jilinDraws = 0;
let pythonSequence = 0;

const jiangxi: ClientShape = {
  name: '江西芦溪 C# client',
  personIndex: 0,
  path: 'csb',
  contentType: 'application/json;charset=utf-8',
  protection: 'none',
  unsignedCainfo: '',
  envelope: (infno, input, call) => {
    jiangxiCounter += 1;
    return {
      infno,
      msgid: wireMsgid(fixmedinsCode, call.now, String(jiangxiCounter)),
      mdtrtarea_admvs: hospitalAdmdvs,
      insuplc_admdvs: hospitalAdmdvs,
      recer_sys_code: 'his',
      dev_no: '',
      dev_safe_info: '',
      cainfo: '',
      signtype: '',
      infver: 'V1.0',
      opter_type: 1,
      opter: '0153',
      opter_name: '张医保',
      inf_time: formatDateTime(call.now),
      fixmedins_code: fixmedinsCode,
      fixmedins_name: hospitalName,
      sign_no: call.signNo,
      input
    };
  },
  signIn: () => ({ signIn: { opter_no: '0153', mac: 'A4-BB-6D-12-34-56', ip: '10.36.12.8' } }),
  personInfo: person => ({
    data: {
      mdtrt_cert_type: '02',
      mdtrt_cert_no: person.certno,
      card_sn: '',
      begntime: '',
      psn_cert_type: '',
      certno: '',
      psn_name: ''
    }
  }),
  chronicFiling: (person, call, today) => chronicFilingWire(person, call.insuplc, today)
};

const jilin: ClientShape = {
  name: '吉林 Java client',
  personIndex: 1,
  path: 'single',
  contentType: 'application/json',
  protection: 'sm2+sm4',
  unsignedCainfo: '',
  envelope: (infno, input, call) => ({
    infno,
    // Its random 1000–9998, drawn here without repeats so that a run never collides by chance.
    msgid: wireMsgid(fixmedinsCode, call.now, String(1000 + (((jilinDraws += 1) * 7919) % 8999))),
    mdtrtarea_admvs: hospitalAdmdvs,
    insuplc_admdvs: infno === '9001' || infno === '1101' ? hospitalAdmdvs : call.insuplc,
    recer_sys_code: 'sys01',
    dev_no: '',
    dev_safe_info: '',
    cainfo: '',
    signtype: '',
    infver: 'V1.0',
    opter_type: '1',
    enc_type: 'SM4',
    opter: '1907254398',
    opter_name: '李静',
    inf_time: formatDateTime(call.now),
    fixmedins_code: fixmedinsCode,
    fixmedins_name: hospitalName,
    sign_no: infno === '9001' ? '' : call.signNo,
    input
  }),
  signIn: () => ({ signIn: { opter_no: 'YB3601000153', mac: '00-50-56-C0-00-08', ip: '192.168.10.21' } }),
  personInfo: person => ({
    data: { mdtrt_cert_type: '02', mdtrt_cert_no: person.certno, psn_cert_type: '01', certno: person.certno }
  }),
  chronicFiling: (person, call, today) => {
    const wire = chronicFilingWire(person, call.insuplc, today) as { data: Record<string, unknown> };
    // enddate null is left out by fastjson2; hosp_ide_date has only Jackson's format annotation.
    const { enddate: _omitted, ...data } = wire.data;
    return { data: { ...data, hosp_ide_date: `${today} 00:00:00` } };
  }
};

const python: ClientShape = {
  name: 'Python SDK',
  personIndex: 2,
  path: 'single',
  contentType: 'text/plain; charset=utf-8',
  protection: 'none',
  unsignedCainfo: 'null',
  envelope: (infno, input, call) => ({
    infno,
    // The documented msgid, a zero-padded sequence (the code itself draws a UUID, refused below).
    msgid: wireMsgid(fixmedinsCode, call.now, String((pythonSequence += 1) % 10_000).padStart(4, '0')),
    mdtrtarea_admvs: hospitalAdmdvs,
    insuplc_admdvs: hospitalAdmdvs,
    recer_sys_code: '99',
    dev_no: 'null',
    dev_safe_info: 'null',
    cainfo: 'null',
    signtype: 'SM2',
    infver: '1.0.0',
    opter_type: '1',
    opter: fixmedinsCode,
    opter_name: hospitalName,
    inf_time: formatDateTime(call.now),
    fixmedins_code: fixmedinsCode,
    fixmedins_name: hospitalName,
    sign_no: call.signNo === '' ? 'null' : call.signNo,
    input
  }),
  signIn: () => ({ signIn: { opter_no: fixmedinsCode, mac: '52-54-00-12-34-56', ip: '172.16.0.8' } }),
  personInfo: person => ({
    data: {
      mdtrt_cert_type: '02',
      mdtrt_cert_no: person.certno,
      card_sn: '',
      begntime: '',
      psn_cert_type: '01',
      certno: person.certno,
      psn_name: person.name
    }
  }),
  chronicFiling: (person, call, today) => chronicFilingWire(person, call.insuplc, today)
};

const clients = [jiangxi, jilin, python];
const modes = ['none', 'csb', 'tif', 'csb+sm2', 'csb+sm2+sm4'];

const hospitalKeys = generateSm2KeyPair();
const platformKeys = generateSm2KeyPair();
const csb = { accessKey: 'ak-conformance', secretKey: crypto.randomBytes(16).toString('hex'), apiVersion: '1.0.0' };
const tif = { paasid: 'jxutcm_conformance', secret: crypto.randomBytes(16).toString('hex') };
const sm4Key = crypto.randomBytes(16);

/** Why this client's envelopes cannot pass in this mode, as the simulator words it; undefined when they can. */
function expectedRefusal(client: ClientShape, auth: ReadonlySet<AuthMode>): string | undefined {
  if (client.protection === 'sm2+sm4') {
    if (auth.has('sm2') && !auth.has('sm4')) return '[input]交易输入必须为JSON对象';
    if (auth.has('sm4') && !auth.has('sm2')) return '数字签名信息(cainfo)不能为空';
    return undefined;
  }
  if (auth.has('sm4')) return '交易输入应为SM4密文(enc_type=SM4)';
  if (auth.has('sm2')) return client.unsignedCainfo === '' ? '数字签名信息(cainfo)不能为空' : '数字签名验证失败';
  return undefined;
}

beforeAll(async () => {
  await initGm();
});

describe.each(modes)('in auth mode %s', mode => {
  const auth = parseAuthModes(mode);
  const options: YibaoSimulatorOptions = {
    auth,
    fixmedinsCode,
    csb,
    tif,
    sm2: { platformPrivateKey: platformKeys.privateKey, hospitalPublicKey: hospitalKeys.publicKey, userId },
    sm4Key
  };
  let simulator: ReturnType<typeof createYibaoSimulator>;

  beforeAll(() => {
    simulator = createYibaoSimulator(options);
  });

  afterAll(() => {
    simulator.close();
  });

  describe.each(clients)('an envelope shaped as the $name', client => {
    const person = seedPersons()[client.personIndex]!;
    const refusal = expectedRefusal(client, auth);
    const call: Call = { insuplc: hospitalAdmdvs, signNo: '', now: new Date() };

    async function post(infno: string, input: unknown, changes: Record<string, unknown> = {}): Promise<WireAnswer> {
      call.now = new Date();
      const encrypting = client.protection === 'sm2+sm4' && (auth.has('sm2') || auth.has('sm4'));
      return postEnvelope(
        simulator.app,
        { ...client.envelope(infno, input, call), ...changes } as Parameters<typeof postEnvelope>[1],
        {
          auth,
          csb,
          tif,
          sign: encrypting ? { privateKey: hospitalKeys.privateKey, userId } : undefined,
          encrypt: encrypting ? sm4Key : undefined,
          path: client.path,
          contentType: client.contentType
        }
      );
    }

    function accepted(answer: WireAnswer): unknown {
      expect(answer.status).toBe(200);
      expect(answer.body, answer.body.err_msg).toMatchObject({ infcode: 0 });
      return answer.body.output;
    }

    function refusedWith(answer: WireAnswer, message: string): void {
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ infcode: -1, err_msg: message, output: null });
      expect(answer.body.err_msg).toMatch(/[\u4e00-\u9fa5]/);
    }

    if (refusal !== undefined) {
      it(`is refused with a Chinese err_msg: ${refusal}`, async () => {
        refusedWith(await post('9001', client.signIn()), refusal);
      });
      return;
    }

    it('is accepted for 9001, 1101 and 5301 as the client builds it', async () => {
      refusedWith(
        await post('5301', { data: { psn_no: person.psnNo } }),
        client === python ? '签到信息不存在或已失效，请重新签到' : '交易签到流水号(sign_no)不能为空，请先签到'
      );
      const signed = accepted(await post('9001', client.signIn())) as { signinoutb: { sign_no: string } };
      call.signNo = signed.signinoutb.sign_no;
      const info = accepted(await post('1101', client.personInfo(person))) as {
        insuinfo: { insuplc_admdvs: string }[];
      };
      call.insuplc = info.insuinfo[0]?.insuplc_admdvs ?? '';
      expect(call.insuplc).toBe('360199');
      accepted(await post('5301', { data: { psn_no: person.psnNo } }));
    });

    it('files a 2503 whose dates are dates, and refuses a date-time in a date field', async () => {
      const today = formatDate(new Date());
      const asBuilt = client.chronicFiling(person, call, today) as { data: Record<string, unknown> };
      if (client === jilin) {
        refusedWith(await post('2503', asBuilt), '[hosp_ide_date]医院鉴定日期格式错误，应为yyyy-MM-dd');
      } else {
        refusedWith(
          await post('2503', { data: { ...asBuilt.data, begndate: `${today} 08:00:00` } }),
          '[begndate]开始日期格式错误，应为yyyy-MM-dd'
        );
      }
      const filed = accepted(
        await post('2503', { data: { ...asBuilt.data, hosp_ide_date: today, begndate: today } })
      ) as { result: { trt_dcla_detl_sn: string } };
      expect(simulator.state.filings.get(filed.result.trt_dcla_detl_sn)?.psnNo).toBe(person.psnNo);
    });

    it('refuses another institution code, and a missing or unknown sign-in', async () => {
      const other = 'H36010200099';
      refusedWith(
        await post(
          '5301',
          { data: { psn_no: person.psnNo } },
          { fixmedins_code: other, msgid: wireMsgid(other, new Date(), '1') }
        ),
        `定点医药机构编号[${other}]不存在`
      );
      refusedWith(
        await post('5301', { data: { psn_no: person.psnNo } }, { sign_no: '' }),
        '交易签到流水号(sign_no)不能为空，请先签到'
      );
      refusedWith(
        await post('5301', { data: { psn_no: person.psnNo } }, { sign_no: 'null' }),
        '签到信息不存在或已失效，请重新签到'
      );
    });

    if (client === python) {
      it('refuses the UUID msgid the SDK draws in its code', async () => {
        refusedWith(
          await post(
            '5301',
            { data: { psn_no: person.psnNo } },
            { msgid: crypto.randomUUID().replaceAll('-', '').toUpperCase().slice(0, 30) }
          ),
          '[msgid]发送方报文ID格式错误，应为定点医药机构编号(12)+时间(14)+顺序号(1-4位)'
        );
      });
    }

    if (auth.has('sm2')) {
      it('refuses a signtype other than SM2 where SM2 is required', async () => {
        refusedWith(
          await post('5301', { data: { psn_no: person.psnNo } }, { signtype: 'SM3' }),
          '签名类型(signtype)应为SM2'
        );
      });
    }
  });
});
