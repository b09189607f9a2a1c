/**
 * Opaque bearer sessions: 256 random bits, only the SM3 hash stored. Idle and absolute limits are checked on
 * every request against the database, so logout, a password change or a disabled account ends a session at
 * once in every API process.
 */
import crypto from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import type { Database } from '../../db/connection';
import { dualChannelPermissions, sessions, userAccounts } from '../../db/schema';
import { roleSchema, type Role, type SessionUser } from '../../domain/abilities';
import { sm3 } from '../../crypto/gm';

export type SessionRestriction = 'totp_enrollment' | 'password_change';
export type SessionEndReason = 'logout' | 'password_change' | 'disabled' | 'totp_enrolled' | 'role_change';

export interface SessionLimits {
  staffIdleMs: number;
  patientIdleMs: number;
  absoluteMs: number;
}

export interface ActiveSession {
  sessionId: string;
  restriction: SessionRestriction | null;
  user: SessionUser;
}

type AccountRow = typeof userAccounts.$inferSelect;

export function hashToken(token: string): string {
  return sm3(`session\u0000${token}`).toString('hex');
}

export function toSessionUser(account: AccountRow, dualChannelReviewer: boolean): SessionUser {
  const roles = account.roles.flatMap(role => {
    const parsed = roleSchema.safeParse(role);
    return parsed.success ? [parsed.data] : ([] as Role[]);
  });
  return {
    accountId: account.id,
    kind: account.kind,
    roles,
    displayName: account.displayName,
    staffNo: account.staffNo ?? undefined,
    department: account.department ?? undefined,
    dualChannelReviewer: account.kind === 'staff' && roles.includes('doctor') && dualChannelReviewer
  };
}

export class SessionStore {
  constructor(
    private readonly db: Database,
    private readonly limits: SessionLimits
  ) {}

  async create(accountId: string, restriction: SessionRestriction | null, now: Date): Promise<string> {
    const token = crypto.randomBytes(32).toString('base64url');
    await this.db.insert(sessions).values({
      tokenHash: hashToken(token),
      accountId,
      restriction,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.limits.absoluteMs)
    });
    return token;
  }

  /** The live session of a token, touching its idle timer; undefined for unknown, ended or expired ones. */
  async resolve(token: string, now: Date): Promise<ActiveSession | undefined> {
    const [row] = await this.db
      .select({
        session: sessions,
        account: userAccounts,
        dualChannel: sql<boolean>`exists (select 1 from ${dualChannelPermissions} where ${dualChannelPermissions.doctorAccountId} = ${userAccounts.id} and ${dualChannelPermissions.revokedAt} is null)`
      })
      .from(sessions)
      .innerJoin(userAccounts, eq(userAccounts.id, sessions.accountId))
      .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.endedAt), gt(sessions.expiresAt, now)))
      .limit(1);
    if (!row || row.account.disabled) return undefined;
    const idleMs = row.account.kind === 'staff' ? this.limits.staffIdleMs : this.limits.patientIdleMs;
    if (now.getTime() - row.session.lastSeenAt.getTime() >= idleMs) return undefined;
    await this.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, row.session.id));
    return {
      sessionId: row.session.id,
      restriction: row.session.restriction,
      user: toSessionUser(row.account, row.dualChannel)
    };
  }

  async end(sessionId: string, reason: SessionEndReason, now: Date): Promise<void> {
    await this.db
      .update(sessions)
      .set({ endedAt: now, endReason: reason })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.endedAt)));
  }

  async endAllOf(accountId: string, reason: SessionEndReason, now: Date): Promise<void> {
    await endAccountSessions(this.db, accountId, reason, now);
  }
}

/** Ends every session of an account: for whoever disables an account or changes its roles. */
export async function endAccountSessions(
  db: Database,
  accountId: string,
  reason: SessionEndReason,
  now: Date = new Date()
): Promise<void> {
  await db
    .update(sessions)
    .set({ endedAt: now, endReason: reason })
    .where(and(eq(sessions.accountId, accountId), isNull(sessions.endedAt)));
}
