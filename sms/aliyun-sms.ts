/**
 * Alibaba Cloud SMS (dysmsapi 2017-05-25 SendSms) through Alibaba's own SDK, which signs each request with
 * ACS3-HMAC-SHA256. The verification-code template must have one variable, `code`.
 */
import DysmsapiModule, { SendSmsRequest } from '@alicloud/dysmsapi20170525';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { SmsDeliveryError, type SmsGateway } from './sms-gateway';

export const aliyunSmsDefaultEndpoint = 'https://dysmsapi.aliyuncs.com';

export interface AliyunSmsOptions {
  accessKeyId: string;
  accessKeySecret: string;
  signName: string;
  templateCode: string;
  /** `https://dysmsapi.aliyuncs.com` or a simulator. */
  endpoint?: string;
  timeoutMs?: number;
}

// The SDK is CommonJS with `exports.default = Client`: Node's ESM loader hands over the whole exports object.
type DysmsapiClass = typeof DysmsapiModule;
const Dysmsapi: DysmsapiClass = (DysmsapiModule as unknown as { default?: DysmsapiClass }).default ?? DysmsapiModule;

/** Codes that mean "not now" rather than "never": throttling and the provider's own failures. */
const retryableCodes = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'isp.SYSTEM_ERROR', 'Throttling', 'ServiceUnavailable']);

export class AliyunSmsGateway implements SmsGateway {
  private readonly client: InstanceType<DysmsapiClass>;

  constructor(private readonly options: AliyunSmsOptions) {
    const endpoint = new URL(options.endpoint ?? aliyunSmsDefaultEndpoint);
    const timeoutMs = options.timeoutMs ?? 5000;
    this.client = new Dysmsapi(
      new $OpenApiUtil.Config({
        accessKeyId: options.accessKeyId,
        accessKeySecret: options.accessKeySecret,
        endpoint: endpoint.host,
        protocol: endpoint.protocol.replace(':', ''),
        connectTimeout: timeoutMs,
        readTimeout: timeoutMs
      })
    );
  }

  async sendCode(phone: string, code: string): Promise<void> {
    let answer: { code?: string | undefined; message?: string | undefined } | undefined;
    try {
      const response = await this.client.sendSms(
        new SendSmsRequest({
          phoneNumbers: phone,
          signName: this.options.signName,
          templateCode: this.options.templateCode,
          templateParam: JSON.stringify({ code })
        })
      );
      answer = response.body;
    } catch (error) {
      // The SDK's ClientError/ServerError carry the HTTP status and the provider's code; without a status
      // the request never got an answer.
      const failure = error as { code?: unknown; statusCode?: unknown; message?: unknown };
      const status = typeof failure.statusCode === 'number' ? failure.statusCode : undefined;
      const providerCode = status !== undefined && typeof failure.code === 'string' ? failure.code : 'NETWORK';
      throw new SmsDeliveryError(
        'aliyun',
        providerCode,
        typeof failure.message === 'string' ? failure.message : String(error),
        status === undefined || status >= 500 || retryableCodes.has(providerCode)
      );
    }
    if (answer?.code !== 'OK') {
      const providerCode = answer?.code ?? 'UNKNOWN';
      throw new SmsDeliveryError('aliyun', providerCode, answer?.message ?? '', retryableCodes.has(providerCode));
    }
  }
}
