/**
 * Daily clean-up of security state: throttle counters and codes that can no longer matter, long-ended
 * sessions, and audit rows past their retention. The API process starts it once (see the report).
 */
import { lt } from 'drizzle-orm';
import type { Logger } from 'pino';
import type { Database, DatabaseHandle } from '../../db/connection';
import { authEvents, authLocks, sessions, smsCodes } from '../../db/schema';
import { purgeExpiredAuditLogs } from '../audit/audit-log';

const day = 86_400_000;

export async function purgeExpiredSignInState(db: Database, now: Date = new Date()): Promise<void> {
  const dayAgo = new Date(now.getTime() - day);
  await db.delete(authEvents).where(lt(authEvents.at, dayAgo));
  await db.delete(authLocks).where(lt(authLocks.lockedUntil, now));
  await db.delete(smsCodes).where(lt(smsCodes.expiresAt, dayAgo));
  // Ended sessions stay a month for incident review; the audit log keeps the sign-ins themselves.
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date(now.getTime() - 30 * day)));
}

/** Runs the clean-up now and then every `intervalMs`; returns the function that stops it. */
export function startSecurityHousekeeping(options: {
  database: DatabaseHandle;
  /** AUDIT_RETENTION_DAYS. */
  auditRetentionDays: number;
  logger: Logger;
  intervalMs?: number;
}): () => void {
  const db = options.database.db;
  const tick = () => {
    purgeExpiredSignInState(db)
      .then(() => purgeExpiredAuditLogs(db, options.auditRetentionDays))
      .then(count => {
        if (count > 0) options.logger.info({ count }, 'audit rows past retention purged');
      })
      .catch((error: unknown) => options.logger.error({ err: error }, 'security housekeeping failed'));
  };
  tick();
  const timer = setInterval(tick, options.intervalMs ?? day);
  timer.unref();
  return () => clearInterval(timer);
}
