import { Client, Connection } from '@temporalio/client';
import type { WorkerOptions } from '@temporalio/worker';
import { createApplicationActivities } from '../activities/application-activities';
import { createMaintenanceActivities } from '../activities/maintenance-activities';
import { PdfPrinter } from '../application-kinds/pdf-printer';
import { ensureSchedules } from './schedules';
import { bureauViewFrom, type CoreServices } from './services';
import { startWorker, type RunningWorker } from './worker';

/** The worker process: every activity wired to the real services, plus the schedules. */
export async function startWorkerRuntime(
  core: CoreServices,
  options: { workflowBundle?: WorkerOptions['workflowBundle']; schedules?: boolean } = {}
): Promise<RunningWorker> {
  const { config } = core;
  const connection = await Connection.connect({ address: config.temporalAddress });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const db = core.database.db;
  const printer = new PdfPrinter();
  const printerProblem = printer.unavailableReason();
  if (printerProblem) {
    // Dual-channel filings would wait in `filing` while the e-form activity retries: say so at once.
    core.logger.error({ problem: printerProblem }, 'dual-channel e-forms cannot be printed on this worker');
  }
  const activities = {
    ...createApplicationActivities({
      db,
      cipher: core.fieldCrypto,
      yibao: core.yibao,
      bureauView: bureauViewFrom(config),
      printer
    }),
    ...createMaintenanceActivities({
      db,
      temporalClient: client,
      downloadDiseaseCatalogue: ver => core.yibao.downloadDiseaseCatalogue(ver)
    })
  };
  if (options.schedules !== false) await ensureSchedules(client, config.TEMPORAL_TASK_QUEUE);
  const running = await startWorker({
    address: config.temporalAddress,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db,
    activities,
    heartbeatIntervalMs: config.WORKER_HEARTBEAT_INTERVAL,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {})
  });
  const finished = running.finished.finally(async () => {
    await printer.close();
    await connection.close();
  });
  return { ...running, finished };
}
