import { OpenApiGeneratorV3 } from '@asteasolutions/zod-to-openapi';
import express, { type ErrorRequestHandler, type Express, type Request, type RequestHandler } from 'express';
import cors from 'cors';
import helmet from 'helmet';
import type { Logger } from 'pino';
import type { Client } from '@temporalio/client';
import type { DatabaseHandle } from '../db/connection';
import type { SessionUser } from '../domain/abilities';
import { ApiError, fromHisError, fromYibaoError } from './errors';
import { metricsAccessAllowed, type MetricsSource } from './metrics-access';
import { checkReadiness } from './readiness';
import { requestLogging } from './request-logging';
import { ApiRoutes } from './route';

export interface ApiDependencies {
  database: DatabaseHandle;
  temporalClient: Client;
  namespace: string;
  taskQueue: string;
  workerStaleAfterMs: number;
  logger: Logger;
  /** Browser origins allowed to call the API (CORS allow-list); empty = no cross-origin access. */
  corsOrigins: string[];
  /** Route modules: each registers its routes (with their access rules) on the shared router. */
  modules: ApiModule[];
  /** Puts the signed-in user on the request (or leaves it signed out); see api/auth. */
  authenticate: RequestHandler;
  resolveUser: (request: Request) => SessionUser | undefined;
  /** Served at GET /metrics to this host or a bearer of `token` (see metrics-access.ts). */
  metrics?: { source: MetricsSource; token: string | undefined };
  /** The browser fronts (console at `/`, mini-program H5 at `/m/`); see api/static-fronts.ts. */
  staticFronts?: RequestHandler;
}

export interface ApiModule {
  register: (routes: ApiRoutes) => void;
}

export function openApiDocument(routes: ApiRoutes): object {
  routes.registry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer' });
  return new OpenApiGeneratorV3(routes.registry.definitions).generateDocument({
    openapi: '3.0.3',
    info: {
      title: '江西中医药大学附属医院 慢特病与双通道备案系统 API',
      version: '1.0.0',
      description:
        '患者申请、医生审核、医保（江西省医疗保障信息平台）备案报送与状态同步。错误统一为 JSON `{ code, message }`，message 为中文；状态不允许的操作返回 409；他人记录一律返回 404。'
    },
    servers: [{ url: '/' }]
  });
}

export function createApiApp(deps: ApiDependencies): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(helmet());
  app.use(cors({ origin: deps.corsOrigins.length ? deps.corsOrigins : false, maxAge: 600 }));
  app.use(requestLogging(deps.logger));
  // Uploads carry a file of up to 5 MB as base64; everything else stays small.
  app.use('/api/attachments', express.json({ limit: '8mb' }));
  app.use(express.json({ limit: '1mb' }));

  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });

  app.get('/readyz', async (_request, response) => {
    const report = await checkReadiness({
      database: deps.database,
      temporalClient: deps.temporalClient,
      namespace: deps.namespace,
      taskQueue: deps.taskQueue,
      workerStaleAfterMs: deps.workerStaleAfterMs
    });
    response.status(report.ready ? 200 : 503).json(report.parts);
  });

  const metrics = deps.metrics;
  if (metrics) {
    app.get('/metrics', async (request, response) => {
      if (!metricsAccessAllowed(request, metrics.token)) {
        response.status(403).json({ code: 'FORBIDDEN', message: '指标仅对本机或持有令牌的采集端开放' });
        return;
      }
      response.type(metrics.source.contentType).send(await metrics.source.metrics());
    });
  }

  app.use('/api', deps.authenticate);
  const routes = new ApiRoutes(deps.resolveUser);
  for (const module of deps.modules) module.register(routes);
  const document = openApiDocument(routes);
  app.get('/api/openapi.json', (_request, response) => {
    response.json(document);
  });
  app.use(routes.router);
  app.locals.routes = routes;
  if (deps.staticFronts) app.use(deps.staticFronts);

  app.use((_request, response) => {
    response.status(404).json({ code: 'NOT_FOUND', message: '接口不存在' });
  });

  const errorHandler: ErrorRequestHandler = (error: unknown, request, response, _next) => {
    const outsideFailure = fromYibaoError(error) ?? fromHisError(error);
    const known = error instanceof ApiError ? error : outsideFailure;
    if (known) {
      // An outside service failed (Yibao, HIS, SMS, WeChat): operators need its code and cause; no stack, it is
      // expected.
      if (known.status >= 500) {
        const cause = known === outsideFailure ? (error as Error).message : undefined;
        request.log.warn({ code: known.code, details: known.details, cause }, known.message);
      }
      response.status(known.status).json({ code: known.code, message: known.message, details: known.details });
      return;
    }
    // Body parser errors carry a status (400 bad JSON, 413 too large); everything else is ours to hide.
    const status = (error as { status?: number }).status;
    if (status === 400 || status === 413 || status === 415) {
      response
        .status(status)
        .json({ code: status === 413 ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', message: '请求格式不正确' });
      return;
    }
    request.log.error({ err: error }, 'unhandled error');
    response.status(500).json({ code: 'INTERNAL', message: '系统繁忙，请稍后再试' });
  };
  app.use(errorHandler);
  return app;
}
