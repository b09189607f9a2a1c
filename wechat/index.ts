import type { AppConfig } from '../runtime/config';
import type { WechatGateway } from './wechat-gateway';
import { WechatHttpGateway } from './wechat-http-gateway';
import { WechatOutbox } from './wechat-outbox';

export { WechatApiError, type SubscribeMessage, type WechatGateway, type WechatSession } from './wechat-gateway';
export { WechatHttpGateway, wechatDefaultBaseUrl } from './wechat-http-gateway';
export { WechatOutbox } from './wechat-outbox';

/** WeChat's API when the mini-program's AppID and AppSecret are set (required in production); else the outbox. */
export function wechatGatewayFromConfig(
  config: Pick<AppConfig, 'APP_ENV' | 'WECHAT_APP_ID' | 'WECHAT_APP_SECRET' | 'WECHAT_API_BASE_URL'>
): WechatGateway {
  if (config.WECHAT_APP_ID && config.WECHAT_APP_SECRET) {
    return new WechatHttpGateway({
      appId: config.WECHAT_APP_ID,
      appSecret: config.WECHAT_APP_SECRET,
      ...(config.WECHAT_API_BASE_URL ? { baseUrl: config.WECHAT_API_BASE_URL } : {})
    });
  }
  if (config.APP_ENV === 'production')
    throw new Error('WECHAT_APP_ID and WECHAT_APP_SECRET are required in production');
  return new WechatOutbox();
}
