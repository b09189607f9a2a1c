import { OpenAPIRegistry, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { Router, type Request, type Response } from 'express';
import { z, type ZodType } from 'zod';
import {
  defineAbilityFor,
  type AbilityAction,
  type AbilitySubject,
  type AppAbility,
  type SessionUser
} from '../domain/abilities';
import { badRequest, forbidden, unauthorized } from './errors';

/**
 * Every route declares who may call it. `public` routes say why; the rest name the CASL action and subject
 * checked before the handler runs (row-level conditions are then applied in SQL by the handler's service).
 * A route without a rule cannot be registered, and the test suite walks this list.
 */
export type RouteAccess =
  { public: string } | { signedIn: 'patient' | 'staff' | 'any'; action?: AbilityAction; subject?: AbilitySubject };

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface RouteContext<Body, Query, Params> {
  body: Body;
  query: Query;
  params: Params;
  user: SessionUser | undefined;
  ability: AppAbility;
  request: Request;
  response: Response;
}

/** A handler returns the JSON body (status 200 unless `status` says otherwise), or nothing after writing itself. */
export type RouteResult = { status?: number; body: unknown } | undefined;

export interface RouteSpec<B extends ZodType, Q extends ZodType, P extends ZodType> {
  method: HttpMethod;
  /** Express path, e.g. `/api/chronic-applications/:id`. */
  path: string;
  summary: string;
  tags: string[];
  access: RouteAccess;
  body?: B;
  query?: Q;
  params?: P;
  /** Response schema of the success status, for the OpenAPI description. */
  response?: ZodType;
  successStatus?: number;
  /** Other documented statuses and what they mean. */
  errors?: Record<number, string>;
  handler: (context: RouteContext<z.infer<B>, z.infer<Q>, z.infer<P>>) => Promise<RouteResult> | RouteResult;
}

export interface RegisteredRoute {
  method: HttpMethod;
  path: string;
  access: RouteAccess;
  hasBody: boolean;
}

export const errorBodySchema = z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() });

/** Reads the session user put on the request by the authentication middleware. */
export type UserResolver = (request: Request) => SessionUser | undefined;

function zodIssues(error: z.ZodError): { path: string; message: string }[] {
  return error.issues.map(issue => ({ path: issue.path.join('.'), message: issue.message }));
}

export class ApiRoutes {
  readonly router = Router();
  readonly registry = new OpenAPIRegistry();
  readonly routes: RegisteredRoute[] = [];

  constructor(private readonly resolveUser: UserResolver) {}

  route<
    B extends ZodType = ZodType<undefined>,
    Q extends ZodType = ZodType<undefined>,
    P extends ZodType = ZodType<undefined>
  >(spec: RouteSpec<B, Q, P>): void {
    this.routes.push({ method: spec.method, path: spec.path, access: spec.access, hasBody: Boolean(spec.body) });
    this.document(spec);
    this.router[spec.method](spec.path, async (request, response) => {
      const user = this.resolveUser(request);
      const ability = defineAbilityFor(user);
      if ('signedIn' in spec.access) {
        if (!user) throw unauthorized();
        if (spec.access.signedIn !== 'any' && user.kind !== spec.access.signedIn) throw forbidden();
        if (spec.access.action && spec.access.subject && !ability.can(spec.access.action, spec.access.subject)) {
          throw forbidden();
        }
      }
      const parse = <T extends ZodType | undefined>(schema: T, value: unknown, what: string) => {
        if (!schema) return undefined;
        const result = schema.safeParse(value);
        if (!result.success) throw badRequest(`${what}不正确`, zodIssues(result.error));
        return result.data;
      };
      const context = {
        body: parse(spec.body, request.body, '请求内容'),
        query: parse(spec.query, request.query, '查询参数'),
        params: parse(spec.params, request.params, '路径参数'),
        user,
        ability,
        request,
        response
      } as RouteContext<z.infer<B>, z.infer<Q>, z.infer<P>>;
      // Personal data must not stay in browser or proxy caches.
      response.setHeader('Cache-Control', 'no-store');
      const result = await spec.handler(context);
      if (result && !response.headersSent)
        response.status(result.status ?? spec.successStatus ?? 200).json(result.body);
    });
  }

  private document<B extends ZodType, Q extends ZodType, P extends ZodType>(spec: RouteSpec<B, Q, P>): void {
    const responses: RouteConfig['responses'] = {
      [String(spec.successStatus ?? 200)]: {
        description: '成功',
        ...(spec.response ? { content: { 'application/json': { schema: spec.response } } } : {})
      }
    };
    const errorContent = { 'application/json': { schema: errorBodySchema } };
    const documentedErrors: Record<number, string> = {};
    if (spec.body || spec.query || spec.params) documentedErrors[400] = '请求参数不正确';
    if ('signedIn' in spec.access) {
      documentedErrors[401] = '未登录或会话已过期';
      documentedErrors[403] = '无权执行该操作';
    }
    Object.assign(documentedErrors, spec.errors);
    for (const [status, description] of Object.entries(documentedErrors))
      responses[status] = { description, content: errorContent };
    this.registry.registerPath({
      method: spec.method,
      path: spec.path.replace(/:(\w+)/g, '{$1}'),
      summary: spec.summary,
      tags: spec.tags,
      ...('signedIn' in spec.access ? { security: [{ bearerAuth: [] }] } : {}),
      request: {
        ...(spec.body ? { body: { content: { 'application/json': { schema: spec.body } } } } : {}),
        ...(spec.query && spec.query instanceof z.ZodObject ? { query: spec.query } : {}),
        ...(spec.params && spec.params instanceof z.ZodObject ? { params: spec.params } : {})
      },
      responses
    });
  }
}
