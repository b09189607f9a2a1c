/**
 * WeChat's server API for one mini-program, as it behaves for code2Session, the access token and subscribe
 * messages: a `wx.login` code works once and for five minutes; a new access token leaves the previous one
 * valid for five minutes and then invalid (40001), which is what several processes fetching their own
 * tokens run into; a subscribe message needs the patient's acceptance of that template (one per message,
 * 43101 otherwise) and values that fit each keyword's rules (47003 otherwise). Answers carry WeChat's
 * errcodes and messages.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Response } from 'express';
import { refusedWechatCode, simulatedOpenid } from './simulated-user';

export interface WechatSimulatorOptions {
  appId: string;
  appSecret: string;
  /** Subscribe-message templates of the mini-program: template id → its keywords (`thing1`, `time2`, …). */
  templates: Record<string, string[]>;
  now?: () => number;
}

export interface DeliveredSubscribeMessage {
  openid: string;
  templateId: string;
  page: string | undefined;
  data: Record<string, string>;
}

const codeLifetimeMs = 5 * 60_000;
const tokenLifetimeSeconds = 7200;
const replacedTokenGraceMs = 5 * 60_000;

/** WeChat's limits per keyword kind (the name without its number). */
const keywordRules: Record<string, (value: string) => boolean> = {
  thing: value => [...value].length <= 20,
  character_string: value => value.length <= 32 && /^[\x21-\x7e]*$/.test(value),
  number: value => value.length <= 32 && /^[\d.]+$/.test(value),
  letter: value => value.length <= 32 && /^[A-Za-z]+$/.test(value),
  symbol: value => value.length <= 5,
  phrase: value => [...value].length <= 5 && /^[\u4e00-\u9fa5]+$/.test(value),
  name: value => [...value].length <= 10,
  time: value => /^\d{4}[-年]\d{1,2}[-月]\d{1,2}日?( \d{1,2}:\d{2}(:\d{2})?)?$/.test(value),
  date: value => /^\d{4}[-年]\d{1,2}[-月]\d{1,2}日?$/.test(value),
  amount: value => /^¥?\d+(\.\d{1,2})?元?$/.test(value),
  phone_number: value => /^[\d+\-() ]{1,17}$/.test(value),
  car_number: value => [...value].length <= 8
};

export class WechatSimulatorState {
  readonly delivered: DeliveredSubscribeMessage[] = [];
  readonly tokensIssued: string[] = [];
  private readonly usedCodes = new Map<string, number>();
  private readonly codesIssuedAt = new Map<string, number>();
  private readonly tokens = new Map<string, { expiresAt: number }>();
  private readonly acceptances = new Map<string, number>();
  private readonly faults: number[] = [];

  /** The patient tapped 允许 for this template once: one message may be sent. */
  acceptSubscription(openid: string, templateId: string, times = 1): void {
    const key = `${openid}\u0000${templateId}`;
    this.acceptances.set(key, (this.acceptances.get(key) ?? 0) + times);
  }

  /** A code `wx.login` gave at `at` (default: now); codes never issued count as fresh at first use. */
  issueCode(code: string, at: number): void {
    this.codesIssuedAt.set(code, at);
  }

  /** The next call answers this errcode. */
  failNext(errcode: number): void {
    this.faults.push(errcode);
  }

  takeFault(): number | undefined {
    return this.faults.shift();
  }

  useCode(code: string, now: number): number {
    if (code === refusedWechatCode) return 40029;
    const issuedAt = this.codesIssuedAt.get(code) ?? now;
    if (now - issuedAt > codeLifetimeMs) return 40029;
    if (this.usedCodes.has(code)) return 40163;
    this.usedCodes.set(code, now);
    return 0;
  }

  issueToken(now: number): string {
    const token = crypto.randomBytes(48).toString('base64url');
    // The previous tokens keep working for five minutes, then stop.
    for (const entry of this.tokens.values()) entry.expiresAt = Math.min(entry.expiresAt, now + replacedTokenGraceMs);
    for (const [value, entry] of this.tokens) if (entry.expiresAt < now) this.tokens.delete(value);
    this.tokens.set(token, { expiresAt: now + tokenLifetimeSeconds * 1000 });
    this.tokensIssued.push(token);
    return token;
  }

  /** 0 for a valid token, else WeChat's errcode. */
  checkToken(token: string, now: number): number {
    const entry = this.tokens.get(token);
    if (!entry) return 40001;
    return entry.expiresAt < now ? 42001 : 0;
  }

  takeAcceptance(openid: string, templateId: string): boolean {
    const key = `${openid}\u0000${templateId}`;
    const left = this.acceptances.get(key) ?? 0;
    if (left === 0) return false;
    this.acceptances.set(key, left - 1);
    return true;
  }
}

export function createWechatSimulator(options: WechatSimulatorOptions) {
  const state = new WechatSimulatorState();
  const now = options.now ?? Date.now;
  const app = express();
  app.disable('x-powered-by');
  app.use(express.json({ limit: '64kb' }));
  const answer = (response: Response, errcode: number, errmsg: string, extra: Record<string, unknown> = {}) => {
    response.json({
      ...(errcode === 0 ? {} : { errcode, errmsg: `${errmsg} rid: ${crypto.randomBytes(6).toString('hex')}` }),
      ...extra
    });
  };
  const checkApp = (appid: unknown, secret: unknown): [number, string] | undefined => {
    if (appid !== options.appId) return [40013, 'invalid appid'];
    if (secret !== options.appSecret) return [40125, 'invalid appsecret'];
    return undefined;
  };

  app.get('/sns/jscode2session', (request, response) => {
    const fault = state.takeFault();
    if (fault) return answer(response, fault, 'system error');
    const refused = checkApp(request.query.appid, request.query.secret);
    if (refused) return answer(response, ...refused);
    if (request.query.grant_type !== 'authorization_code') return answer(response, 40002, 'invalid grant_type');
    const code = typeof request.query.js_code === 'string' ? request.query.js_code : '';
    const errcode = code === '' ? 41008 : state.useCode(code, now());
    if (errcode === 41008) return answer(response, 41008, 'missing code');
    if (errcode === 40163) return answer(response, 40163, 'code been used');
    if (errcode !== 0) return answer(response, 40029, 'invalid code');
    return answer(response, 0, '', {
      openid: simulatedOpenid(code),
      session_key: crypto.randomBytes(16).toString('base64')
    });
  });

  app.get('/cgi-bin/token', (request, response) => {
    const fault = state.takeFault();
    if (fault) return answer(response, fault, 'system error');
    if (request.query.grant_type !== 'client_credential') return answer(response, 40002, 'invalid grant_type');
    const refused = checkApp(request.query.appid, request.query.secret);
    if (refused) return answer(response, ...refused);
    return answer(response, 0, '', { access_token: state.issueToken(now()), expires_in: tokenLifetimeSeconds });
  });

  app.post('/cgi-bin/message/subscribe/send', (request, response) => {
    const tokenError = state.checkToken(
      typeof request.query.access_token === 'string' ? request.query.access_token : '',
      now()
    );
    if (tokenError === 40001)
      return answer(response, 40001, 'invalid credential, access_token is invalid or not latest');
    if (tokenError === 42001) return answer(response, 42001, 'access_token expired');
    const fault = state.takeFault();
    if (fault) return answer(response, fault, 'system error');
    const body = request.body as { touser?: unknown; template_id?: unknown; page?: unknown; data?: unknown };
    const openid = typeof body.touser === 'string' ? body.touser : '';
    const templateId = typeof body.template_id === 'string' ? body.template_id : '';
    if (!openid.startsWith('sim_')) return answer(response, 40003, 'invalid openid');
    const keywords = options.templates[templateId];
    if (!keywords) return answer(response, 40037, 'invalid template_id');
    const data: Record<string, string> = {};
    for (const keyword of keywords) {
      const value = (body.data as Record<string, { value?: unknown }> | undefined)?.[keyword]?.value;
      const kind = keyword.replace(/\d+$/, '');
      if (typeof value !== 'string' || value === '' || !(keywordRules[kind]?.(value) ?? false)) {
        return answer(response, 47003, `argument invalid! data.${keyword}.value invalid`);
      }
      data[keyword] = value;
    }
    if (!state.takeAcceptance(openid, templateId)) return answer(response, 43101, 'user refuse to accept the msg');
    state.delivered.push({ openid, templateId, page: typeof body.page === 'string' ? body.page : undefined, data });
    return response.json({ errcode: 0, errmsg: 'ok', msgid: crypto.randomInt(1e9, 1e10) });
  });

  return { app, state };
}

export interface RunningWechatSimulator {
  /** `http://127.0.0.1:{port}`: the WECHAT_API_BASE_URL that reaches it. */
  url: string;
  state: WechatSimulatorState;
  close: () => Promise<void>;
}

export async function startWechatSimulator(
  options: WechatSimulatorOptions & { port?: number; host?: string }
): Promise<RunningWechatSimulator> {
  const simulator = createWechatSimulator(options);
  const server = http.createServer(simulator.app);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  return {
    url: `http://${host}:${(server.address() as AddressInfo).port}`,
    state: simulator.state,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
    }
  };
}
