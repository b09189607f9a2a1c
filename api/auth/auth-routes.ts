/**
 * Authentication: the middleware that turns a bearer token into the session user, and the sign-in routes.
 * The session lives in PostgreSQL (see sessions.ts), so any number of API processes share it.
 */
import type { Request, RequestHandler } from 'express';
import { z } from 'zod';
import type { DatabaseHandle } from '../../db/connection';
import type { SessionUser } from '../../domain/abilities';
import {
  currentUserSchema,
  mobilePhoneNumberSchema,
  signInResponseSchema,
  totpEnrollmentSchema
} from '../../domain/sign-in';
import type { FieldCrypto } from '../../crypto/field-encryption';
import type { AppConfig } from '../../runtime/config';
import type { ApiModule } from '../app';
import { appendAudit, auditOf } from '../audit/audit-log';
import { forbidden, notFound, unauthorized } from '../errors';
import type { ApiRoutes } from '../route';
import { SmsOutbox, type SmsGateway } from '../../sms';
import { WechatOutbox, type WechatGateway } from '../../wechat';
import { SessionStore, type ActiveSession, type SessionLimits } from './sessions';
import { SignInService } from './sign-in';
import type { SignInSettings } from './sign-in-common';
import { Throttle } from './throttle';

export interface AuthSettings extends SignInSettings, SessionLimits {
  appEnv: AppConfig['APP_ENV'];
}

export function authSettingsFrom(config: AppConfig): AuthSettings {
  return {
    appEnv: config.APP_ENV,
    passwordIterations: config.PASSWORD_PBKDF2_ITERATIONS,
    adminTotpRequired: config.ADMIN_TOTP_REQUIRED ?? config.APP_ENV !== 'development',
    staffPasswordMaxAgeMs: config.STAFF_PASSWORD_MAX_AGE,
    staffIdleMs: config.SESSION_STAFF_IDLE,
    patientIdleMs: config.SESSION_PATIENT_IDLE,
    absoluteMs: config.SESSION_ABSOLUTE
  };
}

export interface AuthenticationDependencies {
  database: DatabaseHandle;
  fieldCrypto: FieldCrypto;
  settings: AuthSettings;
  /** A provider in production (sms/); outside it the development outbox is used when none is given. */
  sms?: SmsGateway;
  /** WeChat's API in production (wechat/); outside it the development outbox is used when none is given. */
  wechat?: WechatGateway;
  /** Tests move the clock to check idle and absolute limits. */
  now?: () => Date;
}

export interface Authentication {
  authenticate: RequestHandler;
  resolveUser: (request: Request) => SessionUser | undefined;
  module: ApiModule;
}

const bearerPattern = /^Bearer ([A-Za-z0-9_-]{20,128})$/;
export function createAuthentication(deps: AuthenticationDependencies): Authentication {
  const { settings } = deps;
  const production = settings.appEnv === 'production';
  if (production && (!deps.sms || !deps.wechat)) {
    throw new Error('production needs a real SMS gateway and WeChat gateway for patient sign-in');
  }
  const sms = deps.sms ?? new SmsOutbox();
  const wechat = deps.wechat ?? new WechatOutbox();
  const now = deps.now ?? (() => new Date());
  const db = deps.database.db;
  const sessions = new SessionStore(db, settings);
  const signIn = new SignInService({
    db,
    fieldCrypto: deps.fieldCrypto,
    sessions,
    throttle: new Throttle(db),
    settings,
    sms,
    wechat,
    now
  });
  const active = new WeakMap<Request, ActiveSession>();

  const authenticate: RequestHandler = async (request, _response, next) => {
    const match = bearerPattern.exec(request.headers.authorization ?? '');
    if (match?.[1]) {
      const session = await sessions.resolve(match[1], now());
      if (session) active.set(request, session);
    }
    next();
  };

  /** Restricted sessions (second factor to enrol, password expired) are signed out for every other route. */
  const resolveUser = (request: Request): SessionUser | undefined => {
    const session = active.get(request);
    return session && !session.restriction ? session.user : undefined;
  };

  const staffSession = (request: Request): ActiveSession => {
    const session = active.get(request);
    if (!session) throw unauthorized();
    if (session.user.kind !== 'staff') throw forbidden();
    return session;
  };

  const origin = (request: Request) => ({ ip: request.ip ?? null });

  const register = (routes: ApiRoutes): void => {
    routes.route({
      method: 'post',
      path: '/api/auth/login',
      summary: '工作人员用户名密码登录（管理员需动态口令）',
      tags: ['登录'],
      access: { public: 'signing in is what makes a caller known' },
      body: z.object({
        username: z.string().trim().min(1).max(64),
        password: z.string().min(1).max(128),
        totp: z.string().max(12).optional()
      }),
      response: signInResponseSchema,
      errors: { 401: '用户名、密码或动态口令错误', 429: '尝试过于频繁' },
      handler: async ({ body, request }) => ({ body: await signIn.passwordSignIn(body, origin(request)) })
    });

    routes.route({
      method: 'post',
      path: '/api/auth/sms/send',
      summary: '发送短信验证码（无论手机号是否注册均返回 202）',
      tags: ['登录'],
      access: { public: 'patients sign in with a code sent to their phone' },
      body: z.object({ phone: mobilePhoneNumberSchema }),
      successStatus: 202,
      errors: { 429: '发送过于频繁' },
      handler: async ({ body, request }) => {
        await signIn.sendSmsCode(body.phone, origin(request));
        return { status: 202, body: { message: '验证码已发送，5 分钟内有效' } };
      }
    });

    routes.route({
      method: 'post',
      path: '/api/auth/sms/login',
      summary: '手机号 + 短信验证码登录（首次登录自动注册）',
      tags: ['登录'],
      access: { public: 'signing in is what makes a caller known' },
      body: z.object({ phone: mobilePhoneNumberSchema, code: z.string().trim().max(12) }),
      response: signInResponseSchema,
      errors: { 401: '验证码错误或已失效', 429: '尝试过于频繁' },
      handler: async ({ body, request }) => ({ body: await signIn.smsSignIn(body, origin(request)) })
    });

    routes.route({
      method: 'post',
      path: '/api/auth/wechat',
      summary: '小程序微信登录（code 换取 openid，session_key 不出服务器；已绑定微信的医生登录其工作账号）',
      tags: ['登录'],
      access: { public: 'signing in is what makes a caller known' },
      body: z.object({ code: z.string().trim().min(1).max(128) }),
      response: signInResponseSchema,
      errors: { 401: '微信登录失败' },
      handler: async ({ body, request }) => ({ body: await signIn.wechatSignIn(body.code, origin(request)) })
    });

    const bindingSchema = z.object({ bound: z.boolean() });
    routes.route({
      method: 'get',
      path: '/api/auth/wechat/binding',
      summary: '医生账号是否已绑定微信',
      tags: ['登录'],
      access: { signedIn: 'staff' },
      response: bindingSchema,
      handler: async ({ user }) => ({ body: await signIn.wechatBinding(user!) })
    });

    routes.route({
      method: 'put',
      path: '/api/auth/wechat/binding',
      summary: '医生在小程序中绑定微信（之后微信登录免密码；管理员等需动态口令的账号不可绑定）',
      tags: ['登录'],
      access: { signedIn: 'staff' },
      body: z.object({ code: z.string().trim().min(1).max(128) }),
      response: bindingSchema,
      errors: { 401: '微信登录失败', 403: '只有医生账号可以绑定微信', 409: '该微信已用于其他账号' },
      handler: async ({ body, user, request }) => ({ body: await signIn.bindWechat(user!, body.code, origin(request)) })
    });

    routes.route({
      method: 'delete',
      path: '/api/auth/wechat/binding',
      summary: '解除医生账号的微信绑定',
      tags: ['登录'],
      access: { signedIn: 'staff' },
      response: bindingSchema,
      handler: async ({ user, request }) => ({ body: await signIn.unbindWechat(user!, origin(request)) })
    });

    routes.route({
      method: 'post',
      path: '/api/auth/logout',
      summary: '退出登录，当前会话立即失效',
      tags: ['登录'],
      access: { public: 'ends whatever session the bearer token names, restricted ones included' },
      successStatus: 204,
      handler: async ({ request }) => {
        const session = active.get(request);
        if (session) {
          const at = now();
          await sessions.end(session.sessionId, 'logout', at);
          await appendAudit(
            db,
            auditOf(session.user, request, 'logout', { type: 'user_account', id: session.user.accountId }, 'success'),
            at
          );
        }
        return { status: 204, body: undefined };
      }
    });

    routes.route({
      method: 'get',
      path: '/api/auth/me',
      summary: '当前登录用户',
      tags: ['登录'],
      access: { signedIn: 'any' },
      response: currentUserSchema,
      handler: ({ user }) => ({ body: { user } })
    });

    routes.route({
      method: 'post',
      path: '/api/auth/password',
      summary: '修改密码（所有会话失效，返回新令牌）',
      tags: ['登录'],
      access: {
        public: 'staff whose password expired reach it with a restricted session; the handler checks the session'
      },
      body: z.object({ currentPassword: z.string().min(1).max(128), newPassword: z.string().min(1).max(256) }),
      response: signInResponseSchema,
      errors: { 401: '请先登录', 422: '新密码不符合要求' },
      handler: async ({ body, request }) => ({
        body: await signIn.changePassword(staffSession(request).user, body, origin(request))
      })
    });

    routes.route({
      method: 'post',
      path: '/api/auth/totp/enroll',
      summary: '获取动态口令密钥（管理员首次登录时）',
      tags: ['登录'],
      access: {
        public: 'admins without a second factor reach it with a restricted session; the handler checks the session'
      },
      response: totpEnrollmentSchema,
      handler: async ({ request }) => ({ body: await signIn.beginTotpEnrollment(staffSession(request).user) })
    });

    routes.route({
      method: 'post',
      path: '/api/auth/totp/confirm',
      summary: '确认动态口令（之后需重新登录）',
      tags: ['登录'],
      access: {
        public: 'admins without a second factor reach it with a restricted session; the handler checks the session'
      },
      body: z.object({
        code: z
          .string()
          .trim()
          .regex(/^\d{6}$/, '动态口令为 6 位数字')
      }),
      successStatus: 204,
      handler: async ({ body, request }) => {
        await signIn.confirmTotpEnrollment(staffSession(request).user, body.code, origin(request));
        return { status: 204, body: undefined };
      }
    });

    // The outbox exists only in development and tests, which send no SMS; production never has it.
    if (!production && sms instanceof SmsOutbox) {
      routes.route({
        method: 'get',
        path: '/api/dev/sms-outbox',
        summary: '（仅开发与测试环境）短信模拟器中某手机号最近的验证码',
        tags: ['开发'],
        access: { public: 'development and test only: the demo and tests read simulated SMS codes' },
        query: z.object({ phone: mobilePhoneNumberSchema }),
        response: z.object({ code: z.string() }),
        handler: ({ query }) => {
          const code = sms.lastCode(query.phone);
          if (!code) throw notFound('没有发往该号码的验证码');
          return { body: { code } };
        }
      });
    }
  };

  return { authenticate, resolveUser, module: { register } };
}
