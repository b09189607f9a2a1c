/**
 * The outside services patients sign in through: an SMS provider and WeChat's code-to-session exchange.
 * Development and tests use the in-process simulators; the WeChat `session_key` stays inside this server.
 */
import crypto from 'node:crypto';
import { sm3 } from '../../crypto/gm';

export interface SmsGateway {
  sendCode(phone: string, code: string): Promise<void>;
}

/** Keeps the last code per phone for tests and the demo (`GET /api/dev/sms-outbox`); sends nothing. */
export class SmsSimulator implements SmsGateway {
  private readonly outbox = new Map<string, string>();

  sendCode(phone: string, code: string): Promise<void> {
    this.outbox.set(phone, code);
    return Promise.resolve();
  }

  lastCode(phone: string): string | undefined {
    return this.outbox.get(phone);
  }
}

export interface WechatSession {
  openid: string;
  /** Only for decrypting data the mini-program sends later; never stored in clear, logged or returned. */
  sessionKey: string;
}

export interface WechatGateway {
  /** `wx.login` code → openid; undefined when WeChat refuses the code. */
  codeToSession(code: string): Promise<WechatSession | undefined>;
}

/** Each code stands for one simulated WeChat user: the same code always gives the same openid. */
export class WechatSimulator implements WechatGateway {
  codeToSession(code: string): Promise<WechatSession | undefined> {
    if (code.trim() === '' || code === 'invalid') return Promise.resolve(undefined);
    const openid = `sim_${sm3(`wechat-sim\u0000${code}`).toString('base64url').slice(0, 24)}`;
    return Promise.resolve({ openid, sessionKey: crypto.randomBytes(16).toString('base64') });
  }
}

/** The real exchange (jscode2session); WeChat's API takes the app secret as a query parameter over HTTPS. */
export class WechatHttpGateway implements WechatGateway {
  constructor(
    private readonly appId: string,
    private readonly appSecret: string,
    private readonly baseUrl = 'https://api.weixin.qq.com'
  ) {}

  async codeToSession(code: string): Promise<WechatSession | undefined> {
    const url = new URL('/sns/jscode2session', this.baseUrl);
    url.search = new URLSearchParams({
      appid: this.appId,
      secret: this.appSecret,
      js_code: code,
      grant_type: 'authorization_code'
    }).toString();
    const response = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { openid?: string; session_key?: string; errcode?: number };
    if (body.errcode || !body.openid || !body.session_key) return undefined;
    return { openid: body.openid, sessionKey: body.session_key };
  }
}
