import type { AppConfig } from '../runtime/config';
import { AliyunSmsGateway } from './aliyun-sms';
import { SmsOutbox, type SmsGateway } from './sms-gateway';
import { TencentSmsGateway } from './tencent-sms';

export { AliyunSmsGateway, aliyunSmsDefaultEndpoint } from './aliyun-sms';
export { TencentSmsGateway, tencentSmsDefaultEndpoint } from './tencent-sms';
export { SmsDeliveryError, SmsOutbox, smsCodeValidMinutes, type SmsGateway } from './sms-gateway';

type SmsSettings = Pick<
  AppConfig,
  | 'APP_ENV'
  | 'SMS_PROVIDER'
  | 'SMS_ENDPOINT'
  | 'SMS_ACCESS_KEY_ID'
  | 'SMS_ACCESS_KEY_SECRET'
  | 'SMS_SIGN_NAME'
  | 'SMS_TEMPLATE_CODE'
  | 'SMS_SDK_APP_ID'
  | 'SMS_REGION'
>;

function required(value: string | undefined, name: string): string {
  if (!value) throw new Error(`${name} must be set for SMS_PROVIDER`);
  return value;
}

/** The provider SMS_PROVIDER names; unset means the development outbox outside production. */
export function smsGatewayFromConfig(config: SmsSettings): SmsGateway {
  const provider = config.SMS_PROVIDER ?? (config.APP_ENV === 'production' ? undefined : 'outbox');
  if (provider === undefined) throw new Error('SMS_PROVIDER must be aliyun or tencent in production');
  if (provider === 'outbox') return new SmsOutbox();
  const common = {
    signName: required(config.SMS_SIGN_NAME, 'SMS_SIGN_NAME'),
    ...(config.SMS_ENDPOINT ? { endpoint: config.SMS_ENDPOINT } : {})
  };
  if (provider === 'aliyun') {
    return new AliyunSmsGateway({
      ...common,
      accessKeyId: required(config.SMS_ACCESS_KEY_ID, 'SMS_ACCESS_KEY_ID'),
      accessKeySecret: required(config.SMS_ACCESS_KEY_SECRET, 'SMS_ACCESS_KEY_SECRET'),
      templateCode: required(config.SMS_TEMPLATE_CODE, 'SMS_TEMPLATE_CODE')
    });
  }
  return new TencentSmsGateway({
    ...common,
    secretId: required(config.SMS_ACCESS_KEY_ID, 'SMS_ACCESS_KEY_ID'),
    secretKey: required(config.SMS_ACCESS_KEY_SECRET, 'SMS_ACCESS_KEY_SECRET'),
    sdkAppId: required(config.SMS_SDK_APP_ID, 'SMS_SDK_APP_ID'),
    templateId: required(config.SMS_TEMPLATE_CODE, 'SMS_TEMPLATE_CODE'),
    region: config.SMS_REGION
  });
}
