/** The Temporal worker: runs the application workflows and every side effect (Yibao, database). */
import { config } from '../runtime/config';
import { openCoreServices } from '../runtime/services';
import { onShutdown } from '../runtime/shutdown';
import { installTemporalRuntime } from '../runtime/worker';
import { startWorkerRuntime } from '../runtime/worker-runtime';

const cfg = config();
installTemporalRuntime(cfg.LOG_LEVEL === 'debug' || cfg.LOG_LEVEL === 'trace' ? 'DEBUG' : 'WARN');
const core = await openCoreServices(cfg, 'worker');
const running = await startWorkerRuntime(core);
core.logger.info({ taskQueue: cfg.TEMPORAL_TASK_QUEUE, address: cfg.temporalAddress }, 'worker running');
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
