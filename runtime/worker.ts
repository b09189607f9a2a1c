import { fileURLToPath } from 'node:url';
import {
  DefaultLogger,
  NativeConnection,
  Runtime,
  Worker,
  type LogEntry,
  type LogLevel,
  type WorkerOptions
} from '@temporalio/worker';
import type { Database } from '../db/connection';
import { startWorkerHeartbeat, workerIdentity } from './worker-heartbeat';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

let runtimeInstalled = false;
let temporalMetricsAddress: string | undefined;

/**
 * The SDK's own log level (once per process, before the first worker); `write` replaces stderr (tests).
 * With `metricsBindAddress` the SDK serves Temporal's worker metrics in Prometheus form there; the worker's
 * /metrics passes them on (see temporalMetricsUrl).
 */
export function installTemporalRuntime(
  level: LogLevel,
  write?: (entry: LogEntry) => void,
  options: { metricsBindAddress?: string } = {}
): void {
  if (runtimeInstalled) return;
  Runtime.install({
    logger: write ? new DefaultLogger(level, write) : new DefaultLogger(level),
    ...(options.metricsBindAddress
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: {
                bindAddress: options.metricsBindAddress,
                countersTotalSuffix: true,
                useSecondsForDurations: true
              }
            }
          }
        }
      : {})
  });
  temporalMetricsAddress = options.metricsBindAddress;
  runtimeInstalled = true;
}

/** Where this process's Temporal worker metrics are served, when the runtime was installed with them. */
export function temporalMetricsUrl(): string | undefined {
  return temporalMetricsAddress ? `http://${temporalMetricsAddress}/metrics` : undefined;
}

export interface StartWorkerOptions {
  address: string;
  namespace: string;
  taskQueue: string;
  db: Database;
  activities: object;
  heartbeatIntervalMs: number;
  /** A pre-built bundle (tests bundle once per file); otherwise the workflows are bundled at start-up. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  maxConcurrentActivityTaskExecutions?: number;
  /** `ok` or why e-forms cannot be printed, reported with the heartbeat. */
  printerStatus?: () => string;
}

export interface RunningWorker {
  worker: Worker;
  /** Resolves when the worker has stopped (after `shutdown` or a fatal error). */
  finished: Promise<void>;
  shutdown: () => Promise<void>;
}

/** Connects, creates the worker, runs it, and keeps its heartbeat row fresh while it runs. */
export async function startWorker(options: StartWorkerOptions): Promise<RunningWorker> {
  const connection = await NativeConnection.connect({ address: options.address });
  const identity = workerIdentity(options.taskQueue);
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    identity,
    activities: options.activities,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions ?? 50,
    shutdownGraceTime: '10s'
  });
  const heartbeat = startWorkerHeartbeat(options.db, {
    identity,
    taskQueue: options.taskQueue,
    intervalMs: options.heartbeatIntervalMs,
    state: () => worker.getState(),
    ...(options.printerStatus ? { printer: options.printerStatus } : {})
  });
  const finished = worker.run().finally(async () => {
    await heartbeat.stop().catch(() => undefined);
    await connection.close();
  });
  return {
    worker,
    finished,
    shutdown: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await finished;
    }
  };
}
