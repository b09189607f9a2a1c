/**
 * Envelopes posted to the Yibao simulator without our client, built field by field by a test the way some
 * client builds them: the gateway headers are the deployment's (every client is configured for the bureau's
 * gateway), the body protection is the sending client's own (SM2 cainfo, SM4 input), if it has any.
 */
import request from 'supertest';
import { Sm2Signer } from '../../crypto/gm';
import {
  csbApiName,
  csbHeaders,
  csbSignature,
  decryptBody,
  encryptBody,
  signBody,
  tifHeaders,
  type AuthMode,
  type CsbCredentials,
  type TifCredentials
} from '../../yibao/gateway';
import type { SimPerson } from '../../yibao/sim/data';
import { formatCompactTime, formatDateTime } from '../../yibao/time';

/** An express app, an http.Server or a base URL. */
export type WireTarget = Parameters<typeof request>[0];

export interface WireOptions {
  /** The simulator's mode: which gateway headers are sent. */
  auth: ReadonlySet<AuthMode>;
  csb?: CsbCredentials | undefined;
  tif?: TifCredentials | undefined;
  /** The client signs the input: cainfo = SM2 over it, signtype "SM2" unless the envelope names another. */
  sign?: { privateKey: string; userId: string } | undefined;
  /** The client encrypts the input with SM4 and flags enc_type "SM4"; the answer's output is decrypted. */
  encrypt?: Buffer | undefined;
  /** `/CSB/hsa-fsi-{infno}` (Jiangxi) or the national single entry. */
  path?: 'csb' | 'single';
  contentType?: string;
  /** `_api_name` other than Jiangxi's `hsa-fsi-{infno}` (Hunan writes the bare infno). */
  apiName?: string | undefined;
  now?: number | undefined;
}

export interface WireAnswer {
  status: number;
  /** The envelope answer; `code`/`message` for a gateway refusal. */
  body: {
    infcode?: number;
    err_msg?: string;
    output?: unknown;
    cainfo?: string;
    signtype?: string;
    code?: number;
    message?: string;
  };
}

/** fixmedins_code + yyyyMMddHHmmss (China time) + the sequence as given, padded or not. */
export function wireMsgid(fixmedinsCode: string, time: Date, sequence: string): string {
  return `${fixmedinsCode}${formatCompactTime(time)}${sequence}`;
}

let sequence = 0;

/** An envelope as our own client builds it (a fresh 4-digit msgid); tests change fields to a real client's. */
export function wireEnvelope(
  infno: string,
  input: unknown,
  overrides: Record<string, unknown> = {}
): Record<string, unknown> & { infno: string; input: unknown } {
  sequence += 1;
  const now = new Date();
  return {
    infno,
    msgid: wireMsgid('H36010200015', now, String(sequence % 10_000).padStart(4, '0')),
    mdtrtarea_admvs: '360100',
    insuplc_admdvs: '',
    recer_sys_code: 'FSI_LOCAL',
    dev_no: '',
    dev_safe_info: '',
    cainfo: '',
    signtype: '',
    infver: 'V1.0',
    opter_type: '1',
    opter: 'ybxt001',
    opter_name: '医保接口系统',
    inf_time: formatDateTime(now),
    fixmedins_code: 'H36010200015',
    fixmedins_name: '江西中医药大学附属医院',
    sign_no: '',
    input,
    ...overrides
  };
}

export async function postEnvelope(
  target: WireTarget,
  envelope: Record<string, unknown> & { infno: string; input: unknown },
  options: WireOptions
): Promise<WireAnswer> {
  const { infno } = envelope;
  const now = options.now ?? Date.now();
  const body: Record<string, unknown> = { ...envelope };
  if (options.sign) {
    body.cainfo = signBody(new Sm2Signer(options.sign.privateKey, { userId: options.sign.userId }), envelope.input);
    body.signtype = envelope.signtype || 'SM2';
  }
  if (options.encrypt) {
    body.input = encryptBody(options.encrypt, envelope.input);
    body.enc_type = 'SM4';
  }
  const headers: Record<string, string> = {
    'content-type': options.contentType ?? 'application/json;charset=utf-8'
  };
  if (options.auth.has('csb') && options.csb) {
    if (options.apiName === undefined) Object.assign(headers, csbHeaders(infno, options.csb, now));
    else {
      const parameters = {
        _api_access_key: options.csb.accessKey,
        _api_name: options.apiName,
        _api_timestamp: String(now),
        _api_version: options.csb.apiVersion
      };
      Object.assign(headers, parameters, { _api_signature: csbSignature(options.csb.secretKey, parameters) });
    }
  }
  if (options.auth.has('tif') && options.tif) Object.assign(headers, tifHeaders(options.tif, now));
  const path =
    (options.path ?? 'csb') === 'csb' ? `/CSB/${csbApiName(infno)}` : '/fsi/api/rsfComIfsService/callService';
  const response = await request(target).post(path).set(headers).send(JSON.stringify(body));
  const answer = response.body as WireAnswer['body'];
  if (options.encrypt && typeof answer.output === 'string') answer.output = decryptBody(options.encrypt, answer.output);
  return { status: response.status, body: answer };
}

/** A 2503 input as every client puts it on the wire (the business payloads agree everywhere). */
export function chronicFilingWire(person: SimPerson, insuOptins: string, today: string): Record<string, unknown> {
  return {
    data: {
      psn_no: person.psnNo,
      insutype: person.insutype,
      opsp_dise_code: 'M03900',
      opsp_dise_name: '高血压病',
      tel: person.phone,
      addr: person.addr,
      insu_optins: insuOptins,
      ide_fixmedins_no: 'H36010200015',
      ide_fixmedins_name: '江西中医药大学附属医院',
      hosp_ide_date: today,
      diag_dr_codg: 'D360100001001',
      diag_dr_name: '王建国',
      begndate: today,
      enddate: ''
    }
  };
}

/** A 2511 input of one dual-channel drug bound to the hospital. */
export function dualChannelFilingWire(person: SimPerson, today: string, enddate: string): Record<string, unknown> {
  return {
    data: {
      psn_no: person.psnNo,
      psn_name: person.name,
      certno: person.certno,
      psn_cert_type: '01',
      addr: person.addr,
      appy_date: today,
      cond_abst: '非小细胞肺癌EGFR突变阳性',
      appy_lmt: [],
      begndate: today,
      enddate,
      appy_type: '32',
      atddr_no: 'D360100001001',
      dr_name: '王建国'
    },
    twopathdruglist: [{ med_list_codg: 'XL01XEA298A001010105487', med_list_name: '甲磺酸奥希替尼片' }],
    twopathfixmedins: [
      { fixmedins_code: 'H36010200015', fixmedins_name: '江西中医药大学附属医院', poolarea_no: '360100' }
    ]
  };
}
