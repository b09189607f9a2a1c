import { pgTable, text, timestamp, integer } from 'drizzle-orm/pg-core';

/**
 * One row per running worker process, refreshed every few seconds. Readiness asks it (with Temporal's
 * own poller list) whether a worker is alive: Temporal keeps a stopped poller listed for minutes.
 */
export const workerHeartbeats = pgTable('worker_heartbeats', {
  workerIdentity: text('worker_identity').primaryKey(),
  taskQueue: text('task_queue').notNull(),
  pid: integer('pid').notNull(),
  state: text('state').notNull(),
  /** `ok` when this worker can print e-forms, else why not; /readyz reports it without waiting on it. */
  printer: text('printer'),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  lastBeatAt: timestamp('last_beat_at', { withTimezone: true }).notNull()
});
