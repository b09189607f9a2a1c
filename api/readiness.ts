import proto from '@temporalio/proto';
import type { Client } from '@temporalio/client';
import { and, eq, gt } from 'drizzle-orm';
import type { DatabaseHandle } from '../db/connection';
import { isDatabaseMigrated } from '../db/migrate';
import { workerHeartbeats } from '../db/schema';

// A CommonJS package: Node's ESM loader sees only its default export.
const { temporal } = proto;

export interface ReadinessReport {
  ready: boolean;
  parts: { database: string; temporal: string; worker: string };
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
async function checkWorker(deps: ReadinessDependencies, temporalState: string, databaseState: string): Promise<string> {
  if (temporalState !== 'ok' || databaseState === 'unreachable') return 'unknown';
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
      if (!description.pollers?.length) return `no ${label} poller on task queue ${deps.taskQueue}`;
    }
    const freshSince = new Date(Date.now() - deps.workerStaleAfterMs);
    const alive = await withTimeout(
      deps.database.db
        .select({ identity: workerHeartbeats.workerIdentity })
        .from(workerHeartbeats)
        .where(
          and(
            eq(workerHeartbeats.taskQueue, deps.taskQueue),
            eq(workerHeartbeats.state, 'RUNNING'),
            gt(workerHeartbeats.lastBeatAt, freshSince)
          )
        )
        .limit(1),
      'worker heartbeat'
    );
    return alive.length ? 'ok' : `no live worker on task queue ${deps.taskQueue}`;
  } catch (error) {
    return `check failed: ${(error as Error).message}`;
  }
}

export async function checkReadiness(deps: ReadinessDependencies): Promise<ReadinessReport> {
  const [database, temporalState] = await Promise.all([checkDatabase(deps), checkTemporal(deps)]);
  const worker = await checkWorker(deps, temporalState, database);
  const parts = { database, temporal: temporalState, worker };
  return { ready: Object.values(parts).every(state => state === 'ok'), parts };
}
