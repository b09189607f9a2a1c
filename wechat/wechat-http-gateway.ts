/**
 * WeChat's server API for a mini-program: `GET /sns/jscode2session` (sign-in), `GET /cgi-bin/token` (the
 * app's access token) and `POST /cgi-bin/message/subscribe/send`. The AppSecret and the access token travel
 * as query parameters, as WeChat requires, over HTTPS; they are never logged.
 */
import { z } from 'zod';
import { WechatApiError, type SubscribeMessage, type WechatGateway, type WechatSession } from './wechat-gateway';

export const wechatDefaultBaseUrl = 'https://api.weixin.qq.com';

export interface WechatHttpGatewayOptions {
  appId: string;
  appSecret: string;
  baseUrl?: string;
  timeoutMs?: number;
  /** `formal` in production; `trial`/`developer` open the trial or development build of the mini-program. */
  miniprogramState?: 'formal' | 'trial' | 'developer';
  now?: () => number;
}

const errorAnswer = z.object({ errcode: z.number().optional(), errmsg: z.string().optional() });
const sessionAnswer = errorAnswer.extend({ openid: z.string().optional(), session_key: z.string().optional() });
const tokenAnswer = errorAnswer.extend({ access_token: z.string().optional(), expires_in: z.number().optional() });
/** The user's code was invalid, expired, already used or missing, or WeChat flags the user as high-risk. */
const refusedCodeErrcodes = new Set([40029, 40163, 40226, 41008]);
/** Token errors after which a fresh token is fetched once: invalid (another fetch replaced it) or expired. */
const staleTokenErrcodes = new Set([40001, 42001]);
/** Renew this long before WeChat's expiry, so a token never expires on the way. */
const tokenRenewMarginMs = 5 * 60_000;

export class WechatHttpGateway implements WechatGateway {
  private readonly baseUrl: string;
  private token: { value: string; renewAt: number } | undefined;
  private tokenRequest: Promise<string> | undefined;

  constructor(private readonly options: WechatHttpGatewayOptions) {
    this.baseUrl = options.baseUrl ?? wechatDefaultBaseUrl;
  }

  async codeToSession(code: string): Promise<WechatSession | undefined> {
    const answer = await this.call(
      sessionAnswer,
      this.url('/sns/jscode2session', {
        appid: this.options.appId,
        secret: this.options.appSecret,
        js_code: code,
        grant_type: 'authorization_code'
      })
    );
    // A refused code is a failed sign-in; anything else (a wrong AppSecret, WeChat busy) is ours to report.
    if (answer.errcode && refusedCodeErrcodes.has(answer.errcode)) return undefined;
    if (answer.errcode) throw new WechatApiError(answer.errcode, answer.errmsg ?? '');
    if (!answer.openid || !answer.session_key) return undefined;
    return { openid: answer.openid, sessionKey: answer.session_key };
  }

  async sendSubscribeMessage(message: SubscribeMessage): Promise<void> {
    const body = {
      touser: message.openid,
      template_id: message.templateId,
      ...(message.page ? { page: message.page } : {}),
      miniprogram_state: this.options.miniprogramState ?? 'formal',
      lang: 'zh_CN',
      data: Object.fromEntries(Object.entries(message.data).map(([key, value]) => [key, { value }]))
    };
    for (let attempt = 1; ; attempt += 1) {
      const token = await this.accessToken();
      const answer = await this.call(
        errorAnswer,
        this.url('/cgi-bin/message/subscribe/send', { access_token: token }),
        body
      );
      if (!answer.errcode) return;
      if (staleTokenErrcodes.has(answer.errcode) && attempt === 1) {
        this.token = undefined;
        continue;
      }
      throw new WechatApiError(answer.errcode, answer.errmsg ?? '');
    }
  }

  /** One token per process, fetched on first need and renewed before it expires; concurrent callers share a fetch. */
  private async accessToken(): Promise<string> {
    const now = (this.options.now ?? Date.now)();
    if (this.token && now < this.token.renewAt) return this.token.value;
    this.tokenRequest ??= this.fetchToken().finally(() => {
      this.tokenRequest = undefined;
    });
    return this.tokenRequest;
  }

  private async fetchToken(): Promise<string> {
    const answer = await this.call(
      tokenAnswer,
      this.url('/cgi-bin/token', {
        grant_type: 'client_credential',
        appid: this.options.appId,
        secret: this.options.appSecret
      })
    );
    if (answer.errcode || !answer.access_token)
      throw new WechatApiError(answer.errcode ?? 0, answer.errmsg ?? 'no access_token');
    const lifetimeMs = (answer.expires_in ?? 7200) * 1000;
    this.token = {
      value: answer.access_token,
      renewAt: (this.options.now ?? Date.now)() + Math.max(lifetimeMs - tokenRenewMarginMs, lifetimeMs / 2)
    };
    return answer.access_token;
  }

  private url(path: string, query: Record<string, string>): URL {
    const url = new URL(path, this.baseUrl);
    url.search = new URLSearchParams(query).toString();
    return url;
  }

  private async call<T extends z.ZodType>(schema: T, url: URL, body?: unknown): Promise<z.infer<T>> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: body === undefined ? 'GET' : 'POST',
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 5000)
      });
    } catch (error) {
      throw new WechatApiError(0, `${url.pathname} unreachable: ${(error as Error).message}`);
    }
    const parsed = schema.safeParse(await response.json().catch(() => undefined));
    if (!response.ok || !parsed.success)
      throw new WechatApiError(0, `${url.pathname} answered HTTP ${response.status}`);
    return parsed.data;
  }
}
