/** The Temporal worker: runs the application workflows and every side effect (Yibao, database). */
import { config } from '../runtime/config';
import { freePort } from '../runtime/free-port';
import { openCoreServices } from '../runtime/services';
import { onShutdown } from '../runtime/shutdown';
import { installTemporalRuntime } from '../runtime/worker';
import { startWorkerRuntime } from '../runtime/worker-runtime';

const cfg = config();
// Temporal's worker metrics on a loopback port of their own, passed on by the worker's /metrics.
installTemporalRuntime(cfg.LOG_LEVEL === 'debug' || cfg.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN', undefined, {
  metricsBindAddress: `127.0.0.1:${await freePort()}`
});
const core = await openCoreServices(cfg, 'worker');
const running = await startWorkerRuntime(core, { metricsServer: true });
core.logger.info(
  { taskQueue: cfg.TEMPORAL_TASK_QUEUE, address: cfg.temporalAddress, metricsPort: cfg.WORKER_METRICS_PORT },
  'worker running'
);
onShutdown(async () => {
  await running.shutdown();
  await core.close();
});
running.finished.then(
  () => core.logger.info('worker stopped'),
  (error: unknown) => {
    core.logger.error({ err: error }, 'worker failed');
    process.exit(1);
  }
);
