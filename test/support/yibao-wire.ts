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
import { formatCompactTime } from '../../yibao/time';

/** An express app, an http.Server or a base URL. */
export type WireTarget = Parameters<typeof request>[0];

export interface WireOptions {
  /** The simulator's mode: which gateway headers are sent. */
  auth: ReadonlySet<AuthMode>;
  csb?: CsbCredentials | undefined;
  tif?: TifCredentials | undefined;
  /** The client signs the input: cainfo = SM2 over it, signtype "SM2" unless the envelope names one. */
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
    body.signtype = envelope.signtype ?? 'SM2';
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
