/** The Temporal worker: runs the application workflows and every side effect (Yibao, database). */
import { config } from '../runtime/config';
import { freePort } from '../runtime/free-port';
import { createLogger } from '../runtime/logger';
import { temporalLogWriter } from '../runtime/temporal-log';
import { openCoreServices } from '../runtime/services';
import { onShutdown } from '../runtime/shutdown';
import { installTemporalRuntime } from '../runtime/worker';
import { startWorkerRuntime } from '../runtime/worker-runtime';

const cfg = config();
// The SDK's log goes through pino; Temporal's worker metrics to a loopback port, passed on by /metrics.
installTemporalRuntime(
  cfg.LOG_LEVEL === 'debug' || cfg.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN',
  temporalLogWriter(createLogger('temporal', cfg.LOG_LEVEL, undefined, cfg.logFormat)),
  { metricsBindAddress: `127.0.0.1:${await freePort()}` }
);
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
