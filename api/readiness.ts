import proto from '@temporalio/proto';
import type { Client } from '@temporalio/client';
import { and, eq, gt } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/connection';
import { isDatabaseMigrated } from '../db/migrate';
import { workerHeartbeats } from '../db/schema';

// A CommonJS package: Node's ESM loader sees only its default export.
const { temporal } = proto;

export interface ReadinessReport {
  /** Database, Temporal and a worker: the printer is reported but never makes the system unready. */
  ready: boolean;
  parts: { database: string; temporal: string; worker: string; printer: string };
}

export interface ReadinessDependencies {
  database: DatabaseHandle;
  temporalClient: Client;
  namespace: string;
  taskQueue: string;
  /** A worker whose heartbeat is older than this counts as gone. */
  workerStaleAfterMs: number;
}

const checkTimeoutMs = 3000;

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), checkTimeoutMs).unref())
  ]);
}

async function checkDatabase(deps: ReadinessDependencies): Promise<string> {
  try {
    return (await withTimeout(isDatabaseMigrated(deps.database), 'database')) ? 'ok' : 'not migrated';
  } catch {
    return 'unreachable';
  }
}

async function checkTemporal(deps: ReadinessDependencies): Promise<string> {
  try {
    await withTimeout(deps.temporalClient.workflowService.getSystemInfo({}), 'temporal');
    return 'ok';
  } catch {
    return 'unreachable';
  }
}

/**
 * A worker counts when Temporal lists a poller on both halves of our task queue and its process
 * heartbeat is fresh: Temporal keeps a dead worker's poller listed for minutes.
 */
async function checkWorker(
  deps: ReadinessDependencies,
  temporalState: string,
  databaseState: string
): Promise<{ worker: string; printer: string }> {
  if (temporalState !== 'ok' || databaseState === 'unreachable') return { worker: 'unknown', printer: 'unknown' };
  const kinds = [
    ['workflow', temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW],
    ['activity', temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY]
  ] as const;
  try {
    for (const [label, taskQueueType] of kinds) {
      const description = await withTimeout(
        deps.temporalClient.workflowService.describeTaskQueue({
          namespace: deps.namespace,
          taskQueue: { name: deps.taskQueue, kind: temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
          taskQueueType
        }),
        'describeTaskQueue'
      );
      if (!description.pollers?.length) {
        return { worker: `no ${label} poller on task queue ${deps.taskQueue}`, printer: 'unknown' };
      }
    }
    const freshSince = new Date(Date.now() - deps.workerStaleAfterMs);
    const alive = await withTimeout(
      deps.database.db
        .select({ identity: workerHeartbeats.workerIdentity, printer: workerHeartbeats.printer })
        .from(workerHeartbeats)
        .where(
          and(
            eq(workerHeartbeats.taskQueue, deps.taskQueue),
            eq(workerHeartbeats.state, 'RUNNING'),
            gt(workerHeartbeats.lastBeatAt, freshSince)
          )
        ),
      'worker heartbeat'
    );
    if (alive.length === 0) return { worker: `no live worker on task queue ${deps.taskQueue}`, printer: 'unknown' };
    // Printing works when one live worker can print (e-form activities go to whichever worker polls).
    const printer = alive.find(row => row.printer === 'ok')?.printer ?? alive[0]?.printer ?? 'unknown';
    return { worker: 'ok', printer };
  } catch (error) {
    return { worker: `check failed: ${(error as Error).message}`, printer: 'unknown' };
  }
}

export async function checkReadiness(deps: ReadinessDependencies): Promise<ReadinessReport> {
  const [database, temporalState] = await Promise.all([checkDatabase(deps), checkTemporal(deps)]);
  const { worker, printer } = await checkWorker(deps, temporalState, database);
  return {
    ready: database === 'ok' && temporalState === 'ok' && worker === 'ok',
    parts: { database, temporal: temporalState, worker, printer }
  };
}
