import http from 'node:http';
import https from 'node:https';
import type { ZodError } from 'zod';
import {
  buildRequestEnvelope,
  checkRequestEnvelope,
  responseEnvelopeSchema,
  unwrapResponse,
  type EnvelopeSettings,
  type MsgidSource,
  type Operator,
  type RequestEnvelope
} from './envelope';
import {
  YibaoAmbiguousError,
  YibaoBusinessError,
  YibaoGatewayAuthError,
  YibaoNetworkError,
  YibaoValidationError,
  type AmbiguousReason
} from './errors';
import {
  csbHeaders,
  decryptBody,
  encryptBody,
  signBody,
  tifHeaders,
  verifyBody,
  type AuthMode,
  type CsbCredentials,
  type TifCredentials
} from './gateway';
import type { Sm2Signer, Sm2Verifier } from '../crypto/gm';
import { post, TransportError } from './http';
import type { Transaction } from './transactions/definition';

/** What one exchange needs of the client's settings. */
export interface ExchangeSettings {
  baseUrl: string;
  pathStyle: 'csb' | 'single';
  auth: ReadonlySet<AuthMode>;
  envelope: EnvelopeSettings;
  timeoutMs: number;
  csb?: CsbCredentials | undefined;
  tif?: TifCredentials | undefined;
  sm4Key?: Buffer | undefined;
  msgids: MsgidSource;
  signer: Sm2Signer | undefined;
  platformVerifier: Sm2Verifier | undefined;
  now: () => number;
  /** The HTTP exchange; the benchmark replaces it to time the client without the network. */
  transport?: typeof post | undefined;
}

export interface Exchange<O> {
  output: O;
  msgid: string;
  infRefmsgid: string | undefined;
}

/** What the interface log records of an exchange, filled in as it proceeds. */
export interface ExchangeTrace {
  request: unknown;
  msgid?: string;
  httpStatus?: number;
  infcode?: number;
  infRefmsgid?: string | undefined;
  errMsg?: string | undefined;
  response?: unknown;
}

export function gatewayMessage(body: Buffer): string | undefined {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { message?: unknown };
    return typeof parsed.message === 'string' ? parsed.message : undefined;
  } catch {
    return undefined;
  }
}

/** A ZIP answer of 9102 instead of an envelope. */
const binaryContentType = /application\/(octet-stream|zip|x-zip-compressed)/;

export function zodIssues(error: ZodError): string[] {
  return error.issues.map(issue => issue.message);
}

/**
 * The exchange with the platform over HTTP: one keep-alive agent, the gateway's authentication modes and the
 * classification of every way an answer can fail (yibao/errors.ts).
 */
export class PlatformExchange {
  private readonly agent: http.Agent | https.Agent;

  constructor(private readonly settings: ExchangeSettings) {
    this.agent =
      new URL(settings.baseUrl).protocol === 'https:'
        ? new https.Agent({ keepAlive: true })
        : new http.Agent({ keepAlive: true, maxSockets: 32 });
  }

  close(): void {
    this.agent.destroy();
  }

  private url(infno: string): URL {
    const base = this.settings.baseUrl.replace(/\/+$/, '');
    return new URL(
      this.settings.pathStyle === 'csb'
        ? `${base}/CSB/hsa-fsi-${infno}`
        : `${base}/fsi/api/rsfComIfsService/callService`
    );
  }

  /** One request to the platform: envelope, signature, encryption, headers, the answer checked and parsed. */
  async send<I, O>(
    transaction: Transaction<I, O>,
    wire: Record<string, unknown>,
    operator: Operator,
    signNo: string,
    insuplcAdmdvs: string,
    trace: ExchangeTrace
  ): Promise<Exchange<O>> {
    const { infno } = transaction;
    const stamp = await this.settings.msgids.next(this.settings.envelope.fixmedinsCode);
    trace.msgid = stamp.msgid;
    const envelope: RequestEnvelope = buildRequestEnvelope(this.settings.envelope, {
      infno,
      stamp,
      operator,
      signNo,
      insuplcAdmdvs,
      input: wire
    });
    const problems = checkRequestEnvelope(envelope);
    if (problems.length > 0) throw new YibaoValidationError(problems, infno);
    const { auth } = this.settings;
    if (this.settings.signer) {
      envelope.cainfo = signBody(this.settings.signer, wire);
      envelope.signtype = 'SM2';
    }
    if (auth.has('sm4') && this.settings.sm4Key) {
      envelope.input = encryptBody(this.settings.sm4Key, wire);
      envelope.enc_type = 'SM4';
    }
    trace.request = { ...envelope, input: wire };
    const now = this.settings.now();
    const headers: Record<string, string> = {
      'content-type': 'application/json;charset=utf-8',
      ...(auth.has('csb') && this.settings.csb ? csbHeaders(infno, this.settings.csb, now) : {}),
      ...(auth.has('tif') && this.settings.tif ? tifHeaders(this.settings.tif, now) : {})
    };

    let answer;
    try {
      const transport = this.settings.transport ?? post;
      answer = await transport(this.url(infno), headers, JSON.stringify(envelope), this.settings.timeoutMs, this.agent);
    } catch (error) {
      if (error instanceof TransportError && !error.sent) {
        throw new YibaoNetworkError(`【${infno}】请求未发出：${error.message}`, infno, stamp.msgid, { cause: error });
      }
      const reason: AmbiguousReason =
        error instanceof TransportError && error.reason === 'timeout' ? 'timeout' : 'reset';
      throw this.ambiguous(transaction, stamp.msgid, reason, `【${infno}】请求已发出但未收到应答`, undefined, error);
    }
    trace.httpStatus = answer.status;

    if (answer.status === 401 || answer.status === 403) {
      const message = gatewayMessage(answer.body) ?? `HTTP ${answer.status}`;
      trace.response = { status: answer.status, message };
      throw new YibaoGatewayAuthError(`【${infno}】医保网关拒绝认证：${message}`, infno, stamp.msgid, answer.status);
    }
    if (answer.status !== 200) {
      trace.response = { status: answer.status, body: answer.body.toString('utf8').slice(0, 500) };
      throw this.ambiguous(
        transaction,
        stamp.msgid,
        'http-status',
        `【${infno}】医保平台返回HTTP ${answer.status}`,
        answer.status
      );
    }
    if (binaryContentType.test(answer.contentType)) {
      trace.response = { file: true, bytes: answer.body.length };
      const file = transaction.output.safeParse(answer.body);
      if (!file.success) {
        throw this.ambiguous(transaction, stamp.msgid, 'bad-response', `【${infno}】不应返回文件`, 200, file.error);
      }
      return { output: file.data, msgid: stamp.msgid, infRefmsgid: undefined };
    }

    let body: unknown;
    try {
      body = unwrapResponse(JSON.parse(answer.body.toString('utf8')));
    } catch (error) {
      throw this.ambiguous(transaction, stamp.msgid, 'bad-response', `【${infno}】应答不是JSON`, 200, error);
    }
    const response = responseEnvelopeSchema.safeParse(body);
    if (!response.success) {
      trace.response = body;
      throw this.ambiguous(
        transaction,
        stamp.msgid,
        'bad-response',
        `【${infno}】应答报文格式错误`,
        200,
        response.error
      );
    }
    const envelopeOut = response.data;
    trace.infcode = envelopeOut.infcode;
    trace.infRefmsgid = envelopeOut.inf_refmsgid ?? undefined;
    trace.errMsg = envelopeOut.err_msg ?? undefined;
    let output = envelopeOut.output;
    if (typeof output === 'string' && this.settings.sm4Key && (envelopeOut.enc_type === 'SM4' || auth.has('sm4'))) {
      try {
        output = decryptBody(this.settings.sm4Key, output);
      } catch (error) {
        throw this.ambiguous(transaction, stamp.msgid, 'bad-response', `【${infno}】应答解密失败`, 200, error);
      }
    }
    trace.response = { ...envelopeOut, output };
    if (envelopeOut.infcode !== 0) {
      throw new YibaoBusinessError(envelopeOut.err_msg ?? '（无错误信息）', infno, stamp.msgid, trace.infRefmsgid);
    }
    if (this.settings.platformVerifier && !verifyBody(this.settings.platformVerifier, output, envelopeOut.cainfo)) {
      throw this.ambiguous(transaction, stamp.msgid, 'bad-signature', `【${infno}】应答签名验证失败`, 200);
    }
    const parsedOutput = transaction.output.safeParse(output);
    if (!parsedOutput.success) {
      throw this.ambiguous(
        transaction,
        stamp.msgid,
        'bad-response',
        `【${infno}】应答输出不符合接口规范：${zodIssues(parsedOutput.error).join('；')}`,
        200,
        parsedOutput.error
      );
    }
    return { output: parsedOutput.data, msgid: stamp.msgid, infRefmsgid: trace.infRefmsgid };
  }

  private ambiguous(
    transaction: { infno: string; stateChanging: boolean },
    msgid: string,
    reason: AmbiguousReason,
    message: string,
    httpStatus?: number,
    cause?: unknown
  ): YibaoAmbiguousError {
    return new YibaoAmbiguousError(message, transaction.infno, msgid, {
      reason,
      stateChanging: transaction.stateChanging,
      httpStatus,
      cause
    });
  }
}
