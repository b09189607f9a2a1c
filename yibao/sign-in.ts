/**
 * Sign-in sessions: one sign_no per operator per China-time day, obtained lazily with 9001, kept in PostgreSQL
 * and shared by every worker. An advisory lock per operator makes concurrent first calls sign in once.
 * Each process also remembers the sign_no it last used: if another worker renewed or signed out meanwhile,
 * the platform rejects the stale one and the caller renews through `invalidate` + `current`.
 */
import type postgres from 'postgres';

export class SignInSessions {
  private readonly remembered = new Map<string, string>();
  /** The lookup or sign-in under way per operator and day: concurrent first calls of a process share it. */
  private readonly pending = new Map<string, Promise<string>>();

  constructor(private readonly sql: postgres.Sql) {}

  /**
   * The operator's valid sign_no for the day, signing in with `signIn` when there is none. Within a process
   * only one caller looks it up or signs in; the others wait for it. Each would otherwise hold a pool
   * connection while queueing for the advisory lock, and a burst as large as the pool (the first calls of a
   * day) left the lock holder no connection for its own 9001.
   */
  async current(opter: string, day: string, signIn: () => Promise<string>): Promise<string> {
    const key = `${opter}\u0000${day}`;
    const cached = this.remembered.get(key);
    if (cached) return cached;
    let lookup = this.pending.get(key);
    if (!lookup) {
      lookup = (async () => {
        const signNo = (await this.valid(this.sql, opter, day)) ?? (await this.signInOnce(opter, day, signIn));
        this.remembered.set(key, signNo);
        return signNo;
      })().finally(() => this.pending.delete(key));
      this.pending.set(key, lookup);
    }
    return lookup;
  }

  /**
   * A session-level advisory lock on a reserved connection, not a transaction: the 9001 call and its log
   * write use other connections, and an open transaction would hold them up (the embedded PGlite runs one
   * transaction at a time).
   */
  private async signInOnce(opter: string, day: string, signIn: () => Promise<string>): Promise<string> {
    const lockKey = `yibao-sign-in:${opter}`;
    const reserved = await this.sql.reserve();
    try {
      await reserved`select pg_advisory_lock(hashtextextended(${lockKey}, 0))`;
      try {
        const raced = await this.valid(this.sql, opter, day);
        if (raced) return raced;
        const signNo = await signIn();
        await this.sql`
          insert into yibao_sign_ins (opter, sign_date, sign_no, signed_in_at)
          values (${opter}, ${day}, ${signNo}, now())
          on conflict (opter, sign_date) do update
            set sign_no = excluded.sign_no, signed_in_at = excluded.signed_in_at,
                invalidated_at = null, signed_out_at = null`;
        return signNo;
      } finally {
        await reserved`select pg_advisory_unlock(hashtextextended(${lockKey}, 0))`;
      }
    } finally {
      reserved.release();
    }
  }

  /** Marks a sign_no the platform rejected; a newer sign_no another worker already stored is left alone. */
  async invalidate(opter: string, day: string, signNo: string): Promise<void> {
    this.remembered.delete(`${opter}\u0000${day}`);
    await this.sql`
      update yibao_sign_ins set invalidated_at = now()
      where opter = ${opter} and sign_date = ${day} and sign_no = ${signNo} and invalidated_at is null`;
  }

  async markSignedOut(opter: string, signNo: string): Promise<void> {
    for (const [key, remembered] of this.remembered) if (remembered === signNo) this.remembered.delete(key);
    await this.sql`
      update yibao_sign_ins set signed_out_at = now() where opter = ${opter} and sign_no = ${signNo}`;
  }

  /** The stored sign_no for the day, if still usable. */
  async valid(sql: postgres.Sql | postgres.TransactionSql, opter: string, day: string): Promise<string | undefined> {
    const [row] = await sql<{ sign_no: string }[]>`
      select sign_no from yibao_sign_ins
      where opter = ${opter} and sign_date = ${day} and invalidated_at is null and signed_out_at is null`;
    return row?.sign_no;
  }

  /** Sign-in sessions of the last `days` days, newest first, for the admins' overview. */
  async recent(days: number): Promise<SignInRecord[]> {
    const rows = await this.sql<
      {
        opter: string;
        sign_date: string;
        sign_no: string;
        signed_in_ms: number;
        invalidated_ms: number | null;
        signed_out_ms: number | null;
      }[]
    >`
      select opter, sign_date::text as sign_date, sign_no,
        (extract(epoch from signed_in_at) * 1000)::float8 as signed_in_ms,
        (extract(epoch from invalidated_at) * 1000)::float8 as invalidated_ms,
        (extract(epoch from signed_out_at) * 1000)::float8 as signed_out_ms
      from yibao_sign_ins
      where sign_date >= (now() at time zone 'Asia/Shanghai')::date - ${days}::int
      order by sign_date desc, signed_in_at desc`;
    return rows.map(row => ({
      opter: row.opter,
      signDate: row.sign_date,
      signNo: row.sign_no,
      signedInAt: new Date(row.signed_in_ms),
      invalidatedAt: row.invalidated_ms === null ? null : new Date(row.invalidated_ms),
      signedOutAt: row.signed_out_ms === null ? null : new Date(row.signed_out_ms)
    }));
  }
}

export interface SignInRecord {
  opter: string;
  /** China date, YYYY-MM-DD. */
  signDate: string;
  signNo: string;
  signedInAt: Date;
  /** The platform refused this sign_no; the next call signs in again (and the row takes the new one). */
  invalidatedAt: Date | null;
  /** Signed out explicitly with 9002. */
  signedOutAt: Date | null;
}
