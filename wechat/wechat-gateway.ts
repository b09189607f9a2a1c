/**
 * The mini-program's side of WeChat: `wx.login` codes exchanged for an openid (code2Session), and subscribe
 * messages to a patient who accepted them. Production talks to WeChat's API (wechat-http-gateway.ts);
 * development keeps everything in an outbox (wechat-outbox.ts). The `session_key` stays inside the server.
 */
export interface WechatSession {
  openid: string;
  /** Only for decrypting data the mini-program sends later; never stored in clear, logged or returned. */
  sessionKey: string;
}

export interface SubscribeMessage {
  openid: string;
  templateId: string;
  /** The mini-program page the message opens, e.g. `pages/application/detail?id=…`. */
  page?: string;
  /** Template keywords (`thing1`, `time2`, `phrase3` …) and their values. */
  data: Record<string, string>;
}

export interface WechatGateway {
  /** `wx.login` code → openid; undefined when WeChat refuses the code. */
  codeToSession(code: string): Promise<WechatSession | undefined>;
  /** Throws WechatApiError when WeChat refuses the message or cannot be reached. */
  sendSubscribeMessage(message: SubscribeMessage): Promise<void>;
}

/** errcodes that mean "try again later": system busy, rate limits. */
const retryableErrcodes = new Set([-1, 45009, 45011, 45047]);

export class WechatApiError extends Error {
  readonly code = 'WECHAT_API_FAILED';
  readonly retryable: boolean;
  constructor(
    /** WeChat's errcode; 0 for a network failure or an unreadable answer. */
    readonly errcode: number,
    message: string
  ) {
    super(`WeChat ${errcode}: ${message}`);
    this.name = 'WechatApiError';
    this.retryable = errcode === 0 || retryableErrcodes.has(errcode);
  }

  /** 43101: the patient did not accept (or used up) this subscription; not a fault of ours or WeChat's. */
  get notSubscribed(): boolean {
    return this.errcode === 43101;
  }
}
