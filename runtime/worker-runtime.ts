import { Client, Connection } from '@temporalio/client';
import type { WorkerOptions } from '@temporalio/worker';
import { createApplicationActivities } from '../activities/application-activities';
import { createMaintenanceActivities } from '../activities/maintenance-activities';
import { PdfPrinter } from '../application-kinds/pdf-printer';
import { embeddedCjkFont, resolveChromium } from './chromium';
import { createProcessMetrics } from './metrics';
import { ensureSchedules } from './schedules';
import { bureauViewFrom, type CoreServices } from './services';
import { startWorker, temporalMetricsUrl, type RunningWorker } from './worker';
import { startWorkerMetricsServer } from './worker-metrics-server';

/** The worker process: every activity wired to the real services, plus the schedules. */
export async function startWorkerRuntime(
  core: CoreServices,
  options: {
    workflowBundle?: WorkerOptions['workflowBundle'];
    schedules?: boolean;
    /** Serve /metrics on WORKER_METRICS_PORT (the worker process does; tests running several workers do not). */
    metricsServer?: boolean;
  } = {}
): Promise<RunningWorker> {
  const { config } = core;
  const connection = await Connection.connect({ address: config.temporalAddress });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const db = core.database.db;
  const browser = await resolveChromium({ chromiumPath: config.CHROMIUM_PATH });
  const printer = new PdfPrinter(
    'problem' in browser
      ? { executablePath: '', unavailable: browser.problem }
      : { executablePath: browser.executablePath, args: browser.args, font: embeddedCjkFont() }
  );
  const printerProblem = printer.unavailableReason();
  if (printerProblem) {
    // Dual-channel filings would wait in `filing` while the e-form activity retries: say so at once.
    core.logger.error({ problem: printerProblem }, 'dual-channel e-forms cannot be printed on this worker');
  } else if (!('problem' in browser)) {
    core.logger.info({ chromium: browser.executablePath, origin: browser.origin }, 'e-forms print with this Chromium');
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
  const metrics = createProcessMetrics();
  const metricsServer = options.metricsServer
    ? await startWorkerMetricsServer({
        host: config.WORKER_METRICS_HOST,
        port: config.WORKER_METRICS_PORT,
        token: config.METRICS_TOKEN,
        registry: metrics.registry,
        temporalMetricsUrl: temporalMetricsUrl()
      })
    : undefined;
  if (options.schedules !== false) await ensureSchedules(client, config.TEMPORAL_TASK_QUEUE);
  const running = await startWorker({
    address: config.temporalAddress,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    db,
    activities,
    heartbeatIntervalMs: config.WORKER_HEARTBEAT_INTERVAL,
    printerStatus: () => printerProblem ?? 'ok',
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {})
  });
  const finished = running.finished.finally(async () => {
    metrics.close();
    await metricsServer?.close();
    await printer.close();
    await connection.close();
  });
  return { ...running, finished };
}
