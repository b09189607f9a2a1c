/**
 * Prometheus metrics of the API and the worker (prom-client). Each process has its own registry with Node's
 * default metrics, the Yibao calls it made (heard at the interface log, see yibao/call-observers) and the
 * notices that failed; the API adds what the database knows (applications by status and stage, filings past
 * their deadline, live workers) and the result of the periodic audit-chain check. Names and labels are a
 * contract with docker/prometheus/alerts.yml (checked by test/alert-rules.test.ts).
 */
import { and, eq, gt, sql } from 'drizzle-orm';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Logger } from 'pino';
import type { Database } from '../db/connection';
import { applications, workerHeartbeats } from '../db/schema';
import { applicationKindDefinitions } from '../domain/application-kinds/registry';
import { applicationStatuses } from '../domain/application-status';
import { observeYibaoCalls } from '../yibao/call-observers';
import type { ChainVerification } from '../api/audit/audit-log';

/** Where an application waits, by status: for the doctors, for the filing to go through, for the bureau. */
export const waitingStages = {
  review: ['submitted', 'under_review'],
  filing: ['filing', 'filing_failed'],
  bureau: ['filed']
} as const;

/** Channels a notice to a patient goes out on. */
export const noticeChannels = ['wechat', 'sms'] as const;

export interface ProcessMetrics {
  registry: Registry;
  /** Notices to patients that could not be delivered after their retries (sent by the worker). */
  noticesFailed: Counter<'channel'>;
  /** Stops listening to Yibao calls (tests start several systems in one process). */
  close: () => void;
}

export function createProcessMetrics(): ProcessMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const calls = new Counter({
    name: 'yibao_calls_total',
    help: 'Yibao call attempts by transaction and outcome (ok, business, network, ambiguous, gateway-auth, validation)',
    labelNames: ['infno', 'outcome'],
    registers: [registry]
  });
  const duration = new Histogram({
    name: 'yibao_call_duration_seconds',
    help: 'Duration of Yibao call attempts, sending to answer',
    labelNames: ['infno'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry]
  });
  const noticesFailed = new Counter({
    name: 'notices_failed_total',
    help: 'Notices to patients that failed after their retries, by channel',
    labelNames: ['channel'],
    registers: [registry]
  });
  for (const channel of noticeChannels) noticesFailed.inc({ channel }, 0);
  const stopObserving = observeYibaoCalls(({ infno, outcome, durationMs }) => {
    calls.inc({ infno, outcome });
    duration.observe({ infno }, durationMs / 1000);
  });
  return { registry, noticesFailed, close: stopObserving };
}

export interface ApplicationMetricsSettings {
  db: Database;
  taskQueue: string;
  workerStaleAfterMs: number;
  /** FILING_RETRY_HORIZON: a filing still in `filing` after this (plus an hour) is stuck. */
  filingRetryHorizonMs: number;
  /** FILING_DECISION_DEADLINE: a filing still `filed` after this (plus an hour) is stuck. */
  decisionDeadlineMs: number;
}

/** Every registered kind is exported, at zero when it has no application yet (an absent series alerts on nothing). */
function registeredKinds(): string[] {
  return applicationKindDefinitions().map(definition => definition.id);
}

/** The figures are read at most every 10 s however many scrapers ask. */
const databaseFiguresTtlMs = 10_000;
const stuckMarginMs = 3_600_000;

interface DatabaseFigures {
  byStatus: { kind: string; status: string; count: number; stuck: number }[];
  workersAlive: number;
}

/** Applications by status and stage, stuck filings and live workers, from the database at scrape time. */
export function registerApplicationMetrics(metrics: ProcessMetrics, settings: ApplicationMetricsSettings): void {
  let cached: { at: number; figures: Promise<DatabaseFigures> } | undefined;
  const figures = (): Promise<DatabaseFigures> => {
    const now = Date.now();
    if (!cached || now - cached.at > databaseFiguresTtlMs) {
      cached = { at: now, figures: readDatabaseFigures(settings) };
      // A failed read is retried at the next scrape instead of being served for 10 s.
      cached.figures.catch(() => (cached = undefined));
    }
    return cached.figures;
  };
  const registers = [metrics.registry];

  new Gauge({
    name: 'applications_total',
    help: 'Applications by kind and current status',
    labelNames: ['kind', 'status'],
    registers,
    async collect() {
      const { byStatus } = await figures();
      for (const kind of registeredKinds()) for (const status of applicationStatuses) this.set({ kind, status }, 0);
      for (const row of byStatus) this.set({ kind: row.kind, status: row.status }, row.count);
    }
  });
  new Gauge({
    name: 'applications_waiting',
    help: 'Applications waiting, by kind and stage: review (doctors), filing (to Yibao), bureau (its decision)',
    labelNames: ['kind', 'stage'],
    registers,
    async collect() {
      const { byStatus } = await figures();
      for (const kind of registeredKinds()) {
        for (const [stage, statuses] of Object.entries(waitingStages)) {
          const waiting = byStatus
            .filter(row => row.kind === kind && (statuses as readonly string[]).includes(row.status))
            .reduce((sum, row) => sum + row.count, 0);
          this.set({ kind, stage }, waiting);
        }
      }
    }
  });
  new Gauge({
    name: 'filings_stuck',
    help: 'Filings past their deadline: in filing beyond FILING_RETRY_HORIZON or filed beyond FILING_DECISION_DEADLINE (plus 1 h)',
    labelNames: ['kind'],
    registers,
    async collect() {
      const { byStatus } = await figures();
      for (const kind of registeredKinds()) {
        this.set(
          { kind },
          byStatus.filter(row => row.kind === kind).reduce((sum, row) => sum + row.stuck, 0)
        );
      }
    }
  });
  new Gauge({
    name: 'workers_alive',
    help: 'Workers on this task queue whose heartbeat is fresh (as /readyz counts them)',
    labelNames: ['task_queue'],
    registers,
    async collect() {
      this.set({ task_queue: settings.taskQueue }, (await figures()).workersAlive);
    }
  });
}

async function readDatabaseFigures(settings: ApplicationMetricsSettings): Promise<DatabaseFigures> {
  const now = Date.now();
  const filingSince = new Date(now - settings.filingRetryHorizonMs - stuckMarginMs);
  const filedSince = new Date(now - settings.decisionDeadlineMs - stuckMarginMs);
  const byStatus = await settings.db
    .select({
      kind: applications.kind,
      status: applications.status,
      count: sql<number>`count(*)::int`,
      stuck: sql<number>`(count(*) filter (where (${applications.status} = 'filing' and ${applications.updatedAt} < ${filingSince.toISOString()}::timestamptz)
        or (${applications.status} = 'filed' and ${applications.filedAt} < ${filedSince.toISOString()}::timestamptz)))::int`
    })
    .from(applications)
    .groupBy(applications.kind, applications.status);
  const [alive] = await settings.db
    .select({ count: sql<number>`count(*)::int` })
    .from(workerHeartbeats)
    .where(
      and(
        eq(workerHeartbeats.taskQueue, settings.taskQueue),
        eq(workerHeartbeats.state, 'RUNNING'),
        gt(workerHeartbeats.lastBeatAt, new Date(now - settings.workerStaleAfterMs))
      )
    );
  return { byStatus, workersAlive: alive?.count ?? 0 };
}

/**
 * Recomputes the audit hash chain now and then every `intervalMs`: `audit_chain_valid` is 1 while it
 * verifies and 0 once a row was altered or removed; `audit_chain_verified_timestamp_seconds` says when it
 * was last checked. Returns the function that stops it.
 */
export function startAuditChainCheck(
  metrics: ProcessMetrics,
  options: { verify: () => Promise<ChainVerification>; intervalMs: number; logger: Pick<Logger, 'warn' | 'error'> }
): () => void {
  const valid = new Gauge({
    name: 'audit_chain_valid',
    help: '1 when the last verification of the audit hash chain succeeded, 0 when it found a broken link',
    registers: [metrics.registry]
  });
  const verifiedAt = new Gauge({
    name: 'audit_chain_verified_timestamp_seconds',
    help: 'When the audit hash chain was last verified (Unix time)',
    registers: [metrics.registry]
  });
  let running = false;
  const check = async () => {
    if (running) return;
    running = true;
    try {
      const result = await options.verify();
      valid.set(result.valid ? 1 : 0);
      verifiedAt.set(Date.now() / 1000);
      if (!result.valid) {
        options.logger.error({ firstBrokenId: result.firstBrokenId }, 'the audit hash chain does not verify');
      }
    } catch (error) {
      options.logger.warn({ err: error }, 'audit chain verification could not run');
    } finally {
      running = false;
    }
  };
  void check();
  const timer = setInterval(() => void check(), options.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
