/**
 * Sign-in sessions: one sign_no per operator per China-time day, obtained lazily with 9001, kept in PostgreSQL
 * and shared by every worker. An advisory lock per operator makes concurrent first calls sign in once.
 * Each process also remembers the sign_no it last used: if another worker renewed or signed out meanwhile,
 * the platform rejects the stale one and the caller renews through `invalidate` + `current`.
 */
import type postgres from 'postgres';

export class SignInSessions {
  private readonly remembered = new Map<string, string>();

  constructor(private readonly sql: postgres.Sql) {}

  /** The operator's valid sign_no for the day, signing in with `signIn` when there is none. */
  async current(opter: string, day: string, signIn: () => Promise<string>): Promise<string> {
    const key = `${opter}\u0000${day}`;
    const cached = this.remembered.get(key);
    if (cached) return cached;
    const signNo = (await this.valid(this.sql, opter, day)) ?? (await this.signInOnce(opter, day, signIn));
    this.remembered.set(key, signNo);
    return signNo;
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
}
