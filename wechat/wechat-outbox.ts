import crypto from 'node:crypto';
import { refusedWechatCode, simulatedOpenid } from './sim/simulated-user';
import type { SubscribeMessage, WechatGateway, WechatSession } from './wechat-gateway';

/**
 * Development and tests without WeChat: any code but `invalid` signs a simulated user in, and subscribe
 * messages are kept in memory instead of being sent.
 */
export class WechatOutbox implements WechatGateway {
  readonly sent: SubscribeMessage[] = [];

  codeToSession(code: string): Promise<WechatSession | undefined> {
    if (code.trim() === '' || code === refusedWechatCode) return Promise.resolve(undefined);
    return Promise.resolve({ openid: simulatedOpenid(code), sessionKey: crypto.randomBytes(16).toString('base64') });
  }

  sendSubscribeMessage(message: SubscribeMessage): Promise<void> {
    this.sent.push(message);
    return Promise.resolve();
  }
}
