import os from 'node:os';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/connection';
import { workerHeartbeats } from '../db/schema';

export function workerIdentity(taskQueue: string): string {
  return `${os.hostname()}:${process.pid}:${taskQueue}`;
}

/** Writes this worker's heartbeat now and then every `intervalMs` until stopped; the stop removes the row. */
export function startWorkerHeartbeat(
  db: Database,
  options: { identity: string; taskQueue: string; intervalMs: number; state: () => string; printer?: () => string }
): { stop: () => Promise<void> } {
  const startedAt = new Date();
  const beat = async () => {
    const now = new Date();
    await db
      .insert(workerHeartbeats)
      .values({
        workerIdentity: options.identity,
        taskQueue: options.taskQueue,
        pid: process.pid,
        state: options.state(),
        printer: options.printer?.() ?? null,
        startedAt,
        lastBeatAt: now
      })
      .onConflictDoUpdate({
        target: workerHeartbeats.workerIdentity,
        set: { state: sql`excluded.state`, printer: sql`excluded.printer`, lastBeatAt: sql`excluded.last_beat_at` }
      });
  };
  let pending: Promise<void> = beat().catch(() => undefined);
  const timer = setInterval(() => {
    pending = beat().catch(() => undefined);
  }, options.intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await pending;
      await db.delete(workerHeartbeats).where(sql`${workerHeartbeats.workerIdentity} = ${options.identity}`);
    }
  };
}
