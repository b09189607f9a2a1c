/**
 * The append-only, hash-chained audit trail (等保 8.1.4.3; PIPL Art. 55–56). Each row stores the previous
 * row's hash and SM3(previous hash ‖ canonical JSON of its own fields); appends take a transaction-scoped
 * advisory lock so concurrent writers from any process extend one chain without forks. A trigger in the
 * database refuses UPDATE, DELETE and TRUNCATE except inside the retention purge. Free of Express so that
 * services and activities can call it.
 */
import { asc, desc, eq, gt, lt, lte, sql } from 'drizzle-orm';
import type { Database } from '../../db/connection';
import { auditLogs } from '../../db/schema';
import { sm3 } from '../../crypto/gm';
import type { AuditAction, AuditOutcome, AuditTargetType } from '../../domain/audit';

/** A database or an open transaction: an audit row written in a transaction rolls back with it. */
export type DbExecutor = Database | Parameters<Parameters<Database['transaction']>[0]>[0];

export {
  auditActions,
  auditTargetSpellings,
  auditTargetTypes,
  type AuditAction,
  type AuditOutcome,
  type AuditTargetType
} from '../../domain/audit';

export interface AuditTarget {
  type: AuditTargetType;
  id: string | null;
}

export interface AuditEntry {
  actorAccountId: string | null;
  actorRole: string | null;
  action: AuditAction;
  targetType: AuditTargetType | null;
  targetId: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  /** Identifiers and facts only: never names, ID numbers, phones, diagnoses or secrets. */
  detail?: Record<string, unknown>;
}

export const genesisHash = '0'.repeat(64);
/** Any fixed 64-bit number shared by every process that appends to the chain. */
const auditChainLockKey = 7_302_000_0601;

/** JSON with object keys sorted at every level: what PostgreSQL's jsonb gives back hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, item]) => item !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
}

interface HashedFields {
  at: Date;
  actorAccountId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  outcome: AuditOutcome;
  ip: string | null;
  detail: Record<string, unknown>;
  prevHash: string;
}

export function auditRowHash(row: HashedFields): string {
  const body = canonicalJson({
    at: row.at.toISOString(),
    actorAccountId: row.actorAccountId,
    actorRole: row.actorRole,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    outcome: row.outcome,
    ip: row.ip,
    detail: row.detail
  });
  return sm3(`${row.prevHash}${body}`).toString('hex');
}

export async function appendAudit(db: DbExecutor, entry: AuditEntry, at: Date = new Date()): Promise<number> {
  return db.transaction(async tx => {
    await tx.execute(sql`select pg_advisory_xact_lock(${auditChainLockKey})`);
    const [last] = await tx.select({ hash: auditLogs.hash }).from(auditLogs).orderBy(desc(auditLogs.id)).limit(1);
    // Millisecond precision: the value read back from timestamptz must hash the same.
    const fields: HashedFields = {
      at: new Date(at.getTime()),
      actorAccountId: entry.actorAccountId,
      actorRole: entry.actorRole,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      outcome: entry.outcome,
      ip: entry.ip,
      detail: entry.detail ?? {},
      prevHash: last?.hash ?? genesisHash
    };
    const [row] = await tx
      .insert(auditLogs)
      .values({ ...fields, hash: auditRowHash(fields) })
      .returning({ id: auditLogs.id });
    return row?.id ?? 0;
  });
}

export interface ChainVerification {
  valid: boolean;
  checked: number;
  firstBrokenId?: number;
}

/** Recomputes every hash and link, oldest first; the first row may start after a retention purge. */
export async function verifyAuditChain(db: Database, pageSize = 1000): Promise<ChainVerification> {
  const anchors = new Set(
    (
      await db
        .select({ anchor: sql<string | null>`${auditLogs.detail}->>'anchorHash'` })
        .from(auditLogs)
        .where(eq(auditLogs.action, 'audit_purge'))
    ).flatMap(row => (row.anchor ? [row.anchor] : []))
  );
  let checked = 0;
  let previous: string | undefined;
  let afterId = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLogs)
      .where(gt(auditLogs.id, afterId))
      .orderBy(asc(auditLogs.id))
      .limit(pageSize);
    if (rows.length === 0) return { valid: true, checked };
    for (const row of rows) {
      const linked =
        previous === undefined ? row.prevHash === genesisHash || anchors.has(row.prevHash) : row.prevHash === previous;
      if (!linked || auditRowHash(row) !== row.hash) return { valid: false, checked, firstBrokenId: row.id };
      previous = row.hash;
      checked += 1;
      afterId = row.id;
    }
  }
}

/**
 * Deletes rows older than the retention period (at least 180 days) and records the purge, with the hash
 * the first remaining row links to, as a new row of the chain. Run daily by whoever schedules jobs.
 */
export async function purgeExpiredAuditLogs(
  db: Database,
  retentionDays: number,
  now: Date = new Date()
): Promise<number> {
  if (retentionDays < 180) throw new Error('audit retention must be at least 180 days');
  const cutoff = new Date(now.getTime() - retentionDays * 86_400_000);
  return db.transaction(async tx => {
    await tx.execute(sql`select pg_advisory_xact_lock(${auditChainLockKey})`);
    const [last] = await tx
      .select({ id: auditLogs.id, hash: auditLogs.hash })
      .from(auditLogs)
      .where(lt(auditLogs.at, cutoff))
      .orderBy(desc(auditLogs.id))
      .limit(1);
    if (!last) return 0;
    await tx.execute(sql`select set_config('app.audit_purge', 'on', true)`);
    const removed = await tx.delete(auditLogs).where(lte(auditLogs.id, last.id)).returning({ id: auditLogs.id });
    await tx.execute(sql`select set_config('app.audit_purge', 'off', true)`);
    await appendAudit(
      tx,
      {
        actorAccountId: null,
        actorRole: 'system',
        action: 'audit_purge',
        targetType: 'audit_log',
        targetId: null,
        outcome: 'success',
        ip: null,
        detail: { deletedThroughId: last.id, count: removed.length, anchorHash: last.hash, retentionDays }
      },
      now
    );
    return removed.length;
  });
}

/** Who acts: a signed-in user, an account signing in, or nobody yet (a failed sign-in by an unknown name). */
export interface AuditActor {
  accountId: string;
  roles: readonly string[];
}

/**
 * The one way to describe an audited action: who (identifiers and role only), from where, what, on which
 * target, with what outcome. Identifiers and facts only in `detail`: never names, ID numbers or secrets.
 */
export function auditOf(
  actor: AuditActor | null,
  origin: { ip?: string | null | undefined },
  action: AuditAction,
  target: AuditTarget | null,
  outcome: AuditOutcome,
  detail?: Record<string, unknown>
): AuditEntry {
  return {
    actorAccountId: actor?.accountId ?? null,
    actorRole: actor ? actor.roles.join(',') : null,
    action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
    outcome,
    ip: origin.ip ?? null,
    ...(detail ? { detail } : {})
  };
}
