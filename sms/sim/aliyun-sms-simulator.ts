/**
 * Alibaba Cloud SMS (dysmsapi, 2017-05-25) as its HTTP API behaves for SendSms: the ACS3-HMAC-SHA256
 * signature is recomputed from the request as Alibaba's gateway does (canonical request of method, path,
 * sorted RFC 3986-encoded query, the signed `host`/`x-acs-*`/`content-type` headers and the body's SHA-256),
 * with the date window and nonce replay checks; then the account's sign name, template and parameters are
 * checked and the per-number minute limit applied. Errors have Alibaba's codes and shapes.
 */
import crypto from 'node:crypto';
import express, { type Express, type Request, type Response } from 'express';
import { SmsSimulatorState } from './sms-simulator-state';

export interface AliyunSmsSimulatorOptions {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
  /** Variables the template declares; TemplateParam must give each. */
  templateVariables?: string[];
  now?: () => Date;
}

const dateWindowMs = 15 * 60_000;
const authorizationPattern = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/;

/** RFC 3986 percent-encoding, as the gateway canonicalises query values. */
function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    character => `%${character.charCodeAt(0).toString(16).toUpperCase()}`
  );
}

function sha256Hex(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/** The raw query of the request, decoded, keyed by name. */
function queryParameters(url: string): Map<string, string> {
  const parameters = new Map<string, string>();
  const raw = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  for (const pair of raw.split('&').filter(Boolean)) {
    const [key = '', value = ''] = pair.split('=');
    parameters.set(decodeURIComponent(key), decodeURIComponent(value.replace(/\+/g, ' ')));
  }
  return parameters;
}

export function canonicalAcs3Request(request: Request, body: Buffer, signedHeaders: string[]): string {
  const query = queryParameters(request.originalUrl);
  const canonicalQuery = [...query.keys()]
    .sort()
    .map(key => `${percentEncode(key)}=${percentEncode(query.get(key) ?? '')}`)
    .join('&');
  const headers = signedHeaders.map(name => `${name}:${String(request.headers[name] ?? '').trim()}\n`).join('');
  const path = request.originalUrl.split('?')[0] ?? '/';
  return [request.method, path, canonicalQuery, headers, signedHeaders.join(';'), sha256Hex(body)].join('\n');
}

export function createAliyunSmsSimulator(options: AliyunSmsSimulatorOptions): {
  app: Express;
  state: SmsSimulatorState;
} {
  const state = new SmsSimulatorState();
  const now = options.now ?? (() => new Date());
  const variables = options.templateVariables ?? ['code'];
  const app = express();
  app.disable('x-powered-by');
  app.use(express.raw({ type: () => true, limit: '1mb' }));

  const refuse = (response: Response, status: number, code: string, message: string) => {
    response.status(status).json({
      RequestId: crypto.randomUUID().toUpperCase(),
      HostId: 'dysmsapi.aliyuncs.com',
      Code: code,
      Message: message
    });
  };
  const answer = (response: Response, code: string, message: string, extra: Record<string, string> = {}) => {
    response.json({ RequestId: crypto.randomUUID().toUpperCase(), Code: code, Message: message, ...extra });
  };

  app.all('/', (request, response) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    if (request.headers['x-acs-action'] !== 'SendSms' || request.headers['x-acs-version'] !== '2017-05-25') {
      refuse(response, 404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
      return;
    }
    const authorization = authorizationPattern.exec(String(request.headers.authorization ?? ''));
    if (!authorization) {
      refuse(response, 400, 'IncompleteSignature', 'The request signature does not conform to Aliyun standards.');
      return;
    }
    const [, accessKeyId, signedHeaderList = '', signature = ''] = authorization;
    if (accessKeyId !== options.accessKeyId) {
      refuse(response, 404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
      return;
    }
    const signedHeaders = signedHeaderList.split(';');
    const unsigned = Object.keys(request.headers).filter(
      name => name.startsWith('x-acs-') && !signedHeaders.includes(name)
    );
    if (!signedHeaders.includes('host') || unsigned.length > 0) {
      refuse(
        response,
        400,
        'IncompleteSignature',
        `Headers not signed: ${['host', ...unsigned].filter(name => !signedHeaders.includes(name)).join(', ')}`
      );
      return;
    }
    const date = Date.parse(String(request.headers['x-acs-date'] ?? ''));
    if (Number.isNaN(date) || Math.abs(now().getTime() - date) > dateWindowMs) {
      refuse(response, 400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
      return;
    }
    if (request.headers['x-acs-content-sha256'] !== sha256Hex(body)) {
      refuse(
        response,
        400,
        'SignatureDoesNotMatch',
        'The x-acs-content-sha256 header does not match the request body.'
      );
      return;
    }
    const expected = crypto
      .createHmac('sha256', options.accessKeySecret)
      .update(`ACS3-HMAC-SHA256\n${sha256Hex(canonicalAcs3Request(request, body, signedHeaders))}`)
      .digest('hex');
    if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
      refuse(response, 400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
      return;
    }
    if (!state.freshNonce(String(request.headers['x-acs-signature-nonce'] ?? ''), now().getTime(), dateWindowMs)) {
      refuse(response, 400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
      return;
    }

    // Parameters travel in the query (what the SDK sends) or a form body.
    const parameters = queryParameters(request.originalUrl);
    if (String(request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      for (const [key, value] of new URLSearchParams(body.toString('utf8'))) parameters.set(key, value);
    }
    const fault = state.takeFault();
    if (fault) {
      answer(response, fault, '模拟故障');
      return;
    }
    const phone = parameters.get('PhoneNumbers') ?? '';
    if (parameters.get('SignName') !== options.signName) {
      answer(response, 'isv.SMS_SIGNATURE_ILLEGAL', '该账号下找不到对应签名');
      return;
    }
    if (parameters.get('TemplateCode') !== options.templateCode) {
      answer(response, 'isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板');
      return;
    }
    if (!/^(\+?86)?1[3-9]\d{9}$/.test(phone)) {
      answer(response, 'isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
      return;
    }
    let params: Record<string, string>;
    try {
      params = JSON.parse(parameters.get('TemplateParam') ?? '{}') as Record<string, string>;
    } catch {
      answer(response, 'isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');
      return;
    }
    if (variables.some(variable => typeof params[variable] !== 'string' || params[variable] === '')) {
      answer(response, 'isv.TEMPLATE_MISSING_PARAMETERS', '模板变量缺少对应参数值');
      return;
    }
    const at = now();
    if (state.throttled(phone, at.getTime(), 60_000)) {
      answer(response, 'isv.BUSINESS_LIMIT_CONTROL', '触发分钟级流控Permits:1');
      return;
    }
    state.record({ provider: 'aliyun', phone, signName: options.signName, template: options.templateCode, params, at });
    answer(response, 'OK', 'OK', { BizId: `${Date.now()}${crypto.randomInt(1000, 9999)}^0` });
  });
  return { app, state };
}
