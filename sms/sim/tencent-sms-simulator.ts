/**
 * Tencent Cloud SMS (sms, 2021-01-11) as its HTTP API behaves for SendSms: the TC3-HMAC-SHA256 signature is
 * recomputed as Tencent's gateway does (canonical request of method, path, query, the signed headers and
 * the body's SHA-256; key derived from the secret, the date, the service and `tc3_request`), with the
 * five-minute timestamp window; the service in the credential scope must be the one the host names (the
 * first label of the host, as the SDK derives it). Then the application, sign name, template and its
 * parameter count are checked and each number gets its own send status. Errors have Tencent's codes.
 */
import crypto from 'node:crypto';
import express, { type Express, type Response } from 'express';
import { SmsSimulatorState } from './sms-simulator-state';

export interface TencentSmsSimulatorOptions {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  /** Parameters the template takes ({1}, {2}, …). */
  templateParameterCount?: number;
  now?: () => Date;
}

const timestampWindowSeconds = 300;
const authorizationPattern =
  /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

function hmac(key: string | Buffer, data: string): Buffer {
  return crypto.createHmac('sha256', key).update(data).digest();
}

function sha256Hex(data: string | Buffer): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

function hostnameOf(host: string): string {
  return host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : (host.split(':')[0] ?? '');
}

export function createTencentSmsSimulator(options: TencentSmsSimulatorOptions): {
  app: Express;
  state: SmsSimulatorState;
} {
  const state = new SmsSimulatorState();
  const now = options.now ?? (() => new Date());
  const parameterCount = options.templateParameterCount ?? 2;
  const app = express();
  app.disable('x-powered-by');
  app.use(express.raw({ type: () => true, limit: '1mb' }));

  const fail = (response: Response, code: string, message: string) => {
    response.json({ Response: { Error: { Code: code, Message: message }, RequestId: crypto.randomUUID() } });
  };

  app.post('/', (request, response) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const header = (name: string) => String(request.headers[name] ?? '');
    const authorization = authorizationPattern.exec(header('authorization'));
    if (!authorization) {
      fail(response, 'AuthFailure.InvalidAuthorization', 'Authorization 不符合腾讯云 API 3.0 签名规范');
      return;
    }
    const [, secretId, date = '', service = '', signedHeaderList = '', signature = ''] = authorization;
    if (secretId !== options.secretId) {
      fail(response, 'AuthFailure.SecretIdNotFound', '密钥不存在');
      return;
    }
    const timestamp = Number(header('x-tc-timestamp'));
    if (!Number.isInteger(timestamp) || Math.abs(now().getTime() / 1000 - timestamp) > timestampWindowSeconds) {
      fail(response, 'AuthFailure.SignatureExpire', '签名过期，Timestamp 与服务器时间相差超过五分钟');
      return;
    }
    const hostname = hostnameOf(header('host'));
    if (date !== new Date(timestamp * 1000).toISOString().slice(0, 10) || service !== hostname.split('.')[0]) {
      fail(response, 'AuthFailure.InvalidAuthorization', 'Credential 中的日期或服务与请求不符');
      return;
    }
    const signedHeaders = signedHeaderList.split(';');
    if (!signedHeaders.includes('host') || !signedHeaders.includes('content-type')) {
      fail(response, 'AuthFailure.InvalidAuthorization', 'SignedHeaders 必须包含 content-type 和 host');
      return;
    }
    // The SDK signs the host name without the port.
    const canonicalHeaders = signedHeaders
      .map(name => `${name}:${name === 'host' ? hostname : header(name).trim().toLowerCase()}\n`)
      .join('');
    const [path = '/', query = ''] = request.originalUrl.split('?');
    const canonicalRequest = [request.method, path, query, canonicalHeaders, signedHeaderList, sha256Hex(body)].join(
      '\n'
    );
    const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${sha256Hex(canonicalRequest)}`;
    const signingKey = hmac(hmac(hmac(`TC3${options.secretKey}`, date), service), 'tc3_request');
    const expected = hmac(signingKey, stringToSign).toString('hex');
    if (!crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
      fail(response, 'AuthFailure.SignatureFailure', '请求签名验证失败，请检查您的签名计算是否正确');
      return;
    }
    if (header('x-tc-action') !== 'SendSms' || header('x-tc-version') !== '2021-01-11') {
      fail(response, 'InvalidAction', '接口不存在');
      return;
    }

    let input: {
      PhoneNumberSet?: unknown;
      SmsSdkAppId?: unknown;
      SignName?: unknown;
      TemplateId?: unknown;
      TemplateParamSet?: unknown;
    };
    try {
      input = JSON.parse(body.toString('utf8')) as typeof input;
    } catch {
      fail(response, 'InvalidParameter', '请求体不是合法的 JSON');
      return;
    }
    const fault = state.takeFault();
    if (fault) {
      fail(response, fault, '模拟故障');
      return;
    }
    if (input.SmsSdkAppId !== options.sdkAppId) {
      fail(response, 'InvalidParameterValue.SdkAppIdNotExist', 'SdkAppId 不存在');
      return;
    }
    if (input.SignName !== options.signName) {
      fail(response, 'FailedOperation.SignatureIncorrectOrUnapproved', '签名未审批或格式错误');
      return;
    }
    if (input.TemplateId !== options.templateId) {
      fail(response, 'FailedOperation.TemplateIncorrectOrUnapproved', '模板未审批或内容不匹配');
      return;
    }
    const params = Array.isArray(input.TemplateParamSet) ? input.TemplateParamSet.map(String) : [];
    if (params.length !== parameterCount) {
      fail(response, 'FailedOperation.TemplateParamSetNotMatchApprovedTemplate', '请求内容与审核通过的模板内容不匹配');
      return;
    }
    const phones = Array.isArray(input.PhoneNumberSet) ? input.PhoneNumberSet.map(String) : [];
    if (phones.length === 0 || phones.length > 200) {
      fail(response, 'InvalidParameterValue.IncorrectPhoneNumber', '手机号格式错误');
      return;
    }
    const at = now();
    const statuses = phones.map(phone => {
      const base = { SerialNo: crypto.randomUUID(), PhoneNumber: phone, Fee: 0, SessionContext: '', IsoCode: 'CN' };
      if (!/^\+861[3-9]\d{9}$/.test(phone)) {
        return { ...base, Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: '手机号格式错误' };
      }
      if (state.throttled(phone, at.getTime(), 30_000)) {
        return {
          ...base,
          Code: 'LimitExceeded.PhoneNumberThirtySecondLimit',
          Message: '单个手机号30秒内下发短信条数超过设定的上限'
        };
      }
      state.record({
        provider: 'tencent',
        phone,
        signName: options.signName,
        template: options.templateId,
        params,
        at
      });
      return { ...base, Fee: 1, Code: 'Ok', Message: 'send success' };
    });
    response.json({ Response: { SendStatusSet: statuses, RequestId: crypto.randomUUID() } });
  });
  return { app, state };
}
