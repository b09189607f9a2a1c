/**
 * Throttles against brute force and SMS abuse, kept in PostgreSQL so every API process sees the same counts.
 * express-rate-limit would need a PostgreSQL store as well and knows nothing of account locks, so the few
 * counters live here. Keys are `ip:<address>`, `login:<SM3 of the username>` or `phone:<blind index>`.
 */
import { and, count, eq, gt, sql } from 'drizzle-orm';
import type { Database } from '../../db/connection';
import { authEvents, authLocks } from '../../db/schema';

type EventKind = (typeof authEvents.$inferInsert)['kind'];

export const authLimits = {
  /** 等保 8.1.4.1b: the account key locks after this many failures in the window… */
  accountFailures: 5,
  failureWindowMs: 15 * 60_000,
  /** …for this long. */
  lockMs: 15 * 60_000,
  /** Failures one IP may make per window before it gets 429; an IP can thus lock at most 6 accounts. */
  ipFailures: 30,
  smsCodeTtlMs: 5 * 60_000,
  smsCodeMaxTries: 5,
  smsPhoneIntervalMs: 60_000,
  smsPhonePerDay: 10,
  smsIpPerHour: 20,
  /** Failed name + ID verifications one account may make per day (1101 must not become an oracle). */
  linkFailuresPerDay: 10
} as const;

export class Throttle {
  constructor(private readonly db: Database) {}

  async count(kind: EventKind, key: string, since: Date): Promise<number> {
    const [row] = await this.db
      .select({ n: count() })
      .from(authEvents)
      .where(and(eq(authEvents.kind, kind), eq(authEvents.key, key), gt(authEvents.at, since)));
    return row?.n ?? 0;
  }

  async record(kind: EventKind, keys: string[], at: Date): Promise<void> {
    await this.db.insert(authEvents).values(keys.map(key => ({ kind, key, at })));
  }

  async isLocked(key: string, at: Date): Promise<boolean> {
    const [row] = await this.db
      .select({ key: authLocks.key })
      .from(authLocks)
      .where(and(eq(authLocks.key, key), gt(authLocks.lockedUntil, at)));
    return row !== undefined;
  }

  async lock(key: string, until: Date): Promise<void> {
    await this.db
      .insert(authLocks)
      .values({ key, lockedUntil: until })
      .onConflictDoUpdate({ target: authLocks.key, set: { lockedUntil: sql`excluded.locked_until` } });
  }

  /** A successful sign-in starts the account's failure count afresh. */
  async clear(kind: EventKind, key: string): Promise<void> {
    await this.db.delete(authEvents).where(and(eq(authEvents.kind, kind), eq(authEvents.key, key)));
  }
}
