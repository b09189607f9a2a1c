import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { z } from 'zod';
import { hisDoctorFilterSchema, hisStaffNoSchema, hisVisitQuerySchema } from '../../domain/his';
import { hisTokenHeader } from '../http-his-adapter';
import { sampleDoctors } from './sample-data';
import { simulatedVisits } from './visits';

/*
 * A stand-in for the hospital integration platform, serving the REST surface documented in
 * his/http-his-adapter.ts, plus control endpoints for tests:
 *   POST /sim/reset                          faults off, request log cleared
 *   PUT  /sim/faults { latencyMs, errorRate } every /his/api call waits latencyMs, then fails with 503 at errorRate
 *   GET  /sim/requests                       the request log: method, URL and status of every call
 */

export interface HisSimulatorOptions {
  /** When set, /his/api calls must carry it in X-HIS-Token. */
  token?: string;
  /** `yyyy-MM-dd` the generated visits count back from; default today in China. */
  referenceDate?: string;
}

export const hisSimulatorFaultsSchema = z.object({
  latencyMs: z.number().int().min(0).max(120_000).default(0),
  errorRate: z.number().min(0).max(1).default(0)
});
export type HisSimulatorFaults = z.infer<typeof hisSimulatorFaultsSchema>;

export interface RecordedRequest {
  method: string;
  /** Path and query string as received. */
  url: string;
  status: number;
}

export interface HisSimulator {
  app: Express;
  /** Oldest first, at most the last 1000. */
  requests(): readonly RecordedRequest[];
  setFaults(faults: Partial<HisSimulatorFaults>): HisSimulatorFaults;
  reset(): void;
}

export interface RunningHisSimulator extends HisSimulator {
  port: number;
  /** e.g. `http://127.0.0.1:3200`, for HttpHisAdapter's baseUrl. */
  url: string;
  close(): Promise<void>;
}

const requestLogLimit = 1000;
const noFaults: HisSimulatorFaults = { latencyMs: 0, errorRate: 0 };

const sendError = (response: express.Response, status: number, code: string, message: string) =>
  void response.status(status).json({ code, message });

export function createHisSimulator(options: HisSimulatorOptions = {}): HisSimulator {
  const referenceDate =
    options.referenceDate ?? new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
  let faults = noFaults;
  const log: RecordedRequest[] = [];

  const app = express();
  app.disable('x-powered-by');
  app.use((request, response, next) => {
    response.on('finish', () => {
      log.push({ method: request.method, url: request.originalUrl, status: response.statusCode });
      if (log.length > requestLogLimit) log.shift();
    });
    next();
  });
  app.use(express.json({ limit: '16kb' }));

  const requireToken: RequestHandler = (request, response, next) => {
    if (options.token && request.get(hisTokenHeader) !== options.token) {
      sendError(response, 401, 'UNAUTHORIZED', '接口令牌无效');
      return;
    }
    next();
  };
  const injectFaults: RequestHandler = async (_request, response, next) => {
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (Math.random() < faults.errorRate) {
      sendError(response, 503, 'SIM_FAULT', 'HIS模拟故障：服务暂不可用');
      return;
    }
    next();
  };

  const his = express.Router();
  his.use(requireToken, injectFaults);

  his.get('/doctors/:staffNo', (request, response) => {
    const staffNo = hisStaffNoSchema.safeParse(request.params.staffNo);
    const doctor = staffNo.success ? sampleDoctors.find(one => one.staffNo === staffNo.data) : undefined;
    if (!doctor) return sendError(response, 404, 'NOT_FOUND', '医生不存在');
    response.json({ data: doctor });
  });

  his.get('/doctors', (request, response) => {
    const filter = hisDoctorFilterSchema.safeParse(request.query);
    if (!filter.success) return sendError(response, 400, 'BAD_REQUEST', '查询条件不正确');
    const { department, query } = filter.data;
    const doctors = sampleDoctors.filter(
      doctor =>
        (!department || doctor.department === department) &&
        (!query || doctor.name.includes(query) || doctor.staffNo.toUpperCase().startsWith(query.toUpperCase()))
    );
    response.json({ data: doctors });
  });

  his.post('/patients/visits/query', (request, response) => {
    const query = hisVisitQuerySchema.safeParse(request.body);
    if (!query.success)
      return sendError(response, 400, 'BAD_REQUEST', query.error.issues[0]?.message ?? '查询条件不正确');
    const { idNo, since } = query.data;
    const visits = simulatedVisits(idNo, referenceDate).filter(visit => !since || visit.visitDate >= since);
    response.json({ data: visits });
  });

  app.use('/his/api', his);

  const simulator: HisSimulator = {
    app,
    requests: () => [...log],
    setFaults: next => (faults = hisSimulatorFaultsSchema.parse({ ...faults, ...next })),
    reset: () => {
      faults = noFaults;
      log.length = 0;
    }
  };

  app.post('/sim/reset', (_request, response) => {
    simulator.reset();
    response.json({ data: { faults } });
  });
  app.put('/sim/faults', (request, response) => {
    const parsed = hisSimulatorFaultsSchema.safeParse(request.body ?? {});
    if (!parsed.success) return sendError(response, 400, 'BAD_REQUEST', '故障参数不正确');
    faults = parsed.data;
    response.json({ data: { faults } });
  });
  app.get('/sim/requests', (_request, response) => {
    response.json({ data: simulator.requests() });
  });

  app.use((_request, response) => sendError(response, 404, 'NOT_FOUND', '接口不存在'));
  const onError: ErrorRequestHandler = (error: unknown, _request, response, _next) => {
    const status = (error as { status?: unknown }).status;
    if (status === 400 || status === 413) return sendError(response, status, 'BAD_REQUEST', '请求体不正确');
    sendError(response, 500, 'INTERNAL', 'HIS内部错误');
  };
  app.use(onError);

  return simulator;
}

/** Starts the simulator in this process; port 0 picks a free one. */
export async function startHisSimulator(
  options: HisSimulatorOptions & { port: number; host?: string }
): Promise<RunningHisSimulator> {
  const simulator = createHisSimulator(options);
  const host = options.host ?? '127.0.0.1';
  const server = simulator.app.listen(options.port, host);
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    ...simulator,
    port,
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close(error => (error ? reject(error) : resolve()));
        // Calls held back by injected latency must not keep the server open.
        server.closeAllConnections();
      })
  };
}
