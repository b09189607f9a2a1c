import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { seedDemoAccounts } from '../../db/seed-demo';
import { startHisSimulator, type RunningHisSimulator } from '../../his/sim/his-simulator';
import { createApiRuntime, type ApiRuntime } from '../../runtime/api-runtime';
import { parseConfig, type AppConfig } from '../../runtime/config';
import { projectRoot } from '../../runtime/paths';
import { freePort } from '../../runtime/free-port';
import { createLogger } from '../../runtime/logger';
import { openCoreServices, type CoreServices } from '../../runtime/services';
import { installTemporalRuntime, type RunningWorker } from '../../runtime/worker';
import { startWorkerRuntime } from '../../runtime/worker-runtime';
import { startYibaoSimulator, yibaoSimulatorOptionsFromConfig, type RunningYibaoSimulator } from '../../yibao/sim';
import { uniqueTaskQueue, workflowBundle } from './temporal';

export const testPassword = 'Jxtcm@Test2026';

/** Receives every log line the API, the Yibao client and the worker write (pino JSON and Temporal's entries). */
export interface LogSink {
  write: (line: string) => void;
}

export interface TestSystemOptions {
  worker?: boolean;
  /** Logs at `info` into this sink instead of discarding them (the log scanner reads it). */
  logSink?: LogSink;
}

export interface TestSystem {
  config: AppConfig;
  /** The environment the configuration was read from, for child processes of this system. */
  env: Record<string, string>;
  core: CoreServices;
  apiUrl: string;
  api: ApiRuntime;
  yibaoSim: RunningYibaoSimulator;
  hisSim: RunningHisSimulator;
  worker: RunningWorker | undefined;
  startWorker: () => Promise<RunningWorker>;
  stop: () => Promise<void>;
}

/**
 * The whole system in this process against the run's real PostgreSQL and Temporal: the Yibao and HIS
 * simulators, the API on a free port and a worker on its own task queue.
 */
export async function startTestSystem(
  name: string,
  env: Record<string, string> = {},
  options: TestSystemOptions = {}
): Promise<TestSystem> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `yb-${name}-`));
  const [yibaoPort, hisPort, apiPort, workerMetricsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort()
  ];
  const sink = options.logSink;
  // The SDK's logger is installed once per process: the first system of a test file decides where it writes.
  if (sink) {
    const json = (entry: unknown) =>
      JSON.stringify(entry, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    installTemporalRuntime('INFO', entry => sink.write(`${json(entry)}\n`));
  } else installTemporalRuntime('WARN');
  const environment: Record<string, string> = {
    APP_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: inject('temporalNamespace'),
    // The run's database is shared by every test file, as one deployment's is by its processes: one key set.
    FIELD_KEYS: inject('fieldKeys'),
    FIELD_KEY_BLIND_INDEX: inject('fieldBlindIndexKey'),
    TEMPORAL_TASK_QUEUE: uniqueTaskQueue(name),
    PORT: String(apiPort),
    YIBAO_SIM_PORT: String(yibaoPort),
    HIS_SIM_PORT: String(hisPort),
    WORKER_METRICS_PORT: String(workerMetricsPort),
    // Each system signs in as its own operator: another file's simulator does not know this one's sign_no.
    YIBAO_OPTER: `t${process.pid % 100000}${name.slice(0, 8)}`,
    YIBAO_STATUS_SOURCE: 'simulator',
    YIBAO_TIMEOUT: '2s',
    FILING_POLL_INTERVAL: '1s',
    FILING_RETRY_HORIZON: '2m',
    REVIEW_REMINDER_AFTER: '1h',
    PASSWORD_PBKDF2_ITERATIONS: '10000',
    WORKER_HEARTBEAT_INTERVAL: '1s',
    WORKER_STALE_AFTER: '3s',
    ADMIN_TOTP_REQUIRED: '0',
    ...env
  };
  const config = parseConfig(environment);
  const yibaoSim = await startYibaoSimulator({ ...yibaoSimulatorOptionsFromConfig(config), port: yibaoPort });
  const hisSim = await startHisSimulator({ port: hisPort });
  const core = await openCoreServices(
    config,
    name,
    sink ? createLogger(name, 'info', sink) : createLogger(name, 'silent')
  );
  await seedDemoAccounts(core.database.db, testPassword, { iterations: 10_000 });
  const api = await createApiRuntime(core);
  const server: Server = await new Promise(resolve => {
    const listening = api.app.listen(apiPort, '127.0.0.1', () => resolve(listening));
  });
  const apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const system: TestSystem = {
    config,
    env: environment,
    core,
    apiUrl,
    api,
    yibaoSim,
    hisSim,
    worker: undefined,
    startWorker: async () => {
      system.worker = await startWorkerRuntime(core, { workflowBundle: await workflowBundle(), schedules: false });
      return system.worker;
    },
    stop: async () => {
      await system.worker?.shutdown();
      server.closeAllConnections();
      await new Promise<void>(resolve => server.close(() => resolve()));
      await api.close();
      await core.close();
      await system.yibaoSim.close();
      // A test may have replaced a simulator (an outage and a restart).
      await system.hisSim.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  };
  if (options.worker !== false) await system.startWorker();
  return system;
}

/** `bin/worker.ts` as its own process for this system, once `/readyz` says a worker polls; the caller kills it. */
export async function startWorkerProcess(system: TestSystem): Promise<ChildProcess> {
  const worker = spawn(process.execPath, ['--import', 'tsx', 'bin/worker.ts'], {
    cwd: projectRoot,
    env: { ...process.env, ...system.env },
    stdio: 'ignore'
  });
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    const response = await fetch(`${system.apiUrl}/readyz`).catch(() => undefined);
    if (response?.status === 200) return worker;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
  worker.kill('SIGKILL');
  throw new Error('the worker process did not become ready');
}
