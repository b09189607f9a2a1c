/**
 * Tencent Cloud SMS (sms 2021-01-11 SendSms) through Tencent's own SDK, which signs each request with
 * TC3-HMAC-SHA256. The verification-code template takes the code as {1} and its validity in minutes as {2}.
 */
import tencentcloud from 'tencentcloud-sdk-nodejs-sms';
import { SmsDeliveryError, smsCodeValidMinutes, type SmsGateway } from './sms-gateway';

export const tencentSmsDefaultEndpoint = 'https://sms.tencentcloudapi.com';

export interface TencentSmsOptions {
  secretId: string;
  secretKey: string;
  sdkAppId: string;
  signName: string;
  templateId: string;
  region: string;
  /** `https://sms.tencentcloudapi.com` or a simulator. */
  endpoint?: string;
  timeoutMs?: number;
}

const SmsClient = tencentcloud.sms.v20210111.Client;

const retryableCodes = new Set([
  'InternalError.Timeout',
  'InternalError.RequestTimeException',
  'FailedOperation.InsufficientBalanceInSmsPackage',
  'LimitExceeded.PhoneNumberThirtySecondLimit',
  'LimitExceeded.PhoneNumberOneHourLimit',
  'RequestLimitExceeded'
]);

export class TencentSmsGateway implements SmsGateway {
  private readonly client: InstanceType<typeof SmsClient>;

  constructor(private readonly options: TencentSmsOptions) {
    const endpoint = new URL(options.endpoint ?? tencentSmsDefaultEndpoint);
    this.client = new SmsClient({
      credential: { secretId: options.secretId, secretKey: options.secretKey },
      region: options.region,
      profile: {
        httpProfile: {
          endpoint: endpoint.host,
          protocol: `${endpoint.protocol}//`,
          reqTimeout: Math.ceil((options.timeoutMs ?? 5000) / 1000)
        }
      }
    });
  }

  async sendCode(phone: string, code: string): Promise<void> {
    let status: { Code?: string; Message?: string } | undefined;
    try {
      const response = await this.client.SendSms({
        PhoneNumberSet: [`+86${phone}`],
        SmsSdkAppId: this.options.sdkAppId,
        SignName: this.options.signName,
        TemplateId: this.options.templateId,
        TemplateParamSet: [code, String(smsCodeValidMinutes)]
      });
      status = response.SendStatusSet?.[0];
    } catch (error) {
      // TencentCloudSDKHttpException: `code` is the API's error code; without one it is the network.
      const failure = error as { code?: unknown; httpCode?: unknown; message?: unknown };
      const providerCode = typeof failure.code === 'string' && failure.code !== '' ? failure.code : 'NETWORK';
      throw new SmsDeliveryError(
        'tencent',
        providerCode,
        typeof failure.message === 'string' ? failure.message : String(error),
        providerCode === 'NETWORK' || retryableCodes.has(providerCode) || providerCode.startsWith('InternalError')
      );
    }
    if (status?.Code !== 'Ok') {
      const providerCode = status?.Code ?? 'UNKNOWN';
      throw new SmsDeliveryError('tencent', providerCode, status?.Message ?? '', retryableCodes.has(providerCode));
    }
  }
}
