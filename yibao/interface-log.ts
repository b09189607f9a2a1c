/**
 * The interface log: one row per Yibao call attempt, searchable by administrators (seed §5.3/§6.8).
 * Partitioning and index decisions are written at the table (db/schema/yibao.ts). Longer than 400 lines:
 * the write-behind queue, the masking of bodies and the keyset search belong to the one table and are read together.
 */
import { and, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import type postgres from 'postgres';
import type { Database } from '../db/connection';
import { yibaoInterfaceLog } from '../db/schema/yibao';
import type { FieldCrypto } from '../crypto/field-encryption';
import { isValidIdNumber } from '../domain/id-number';
import { maskAddress, maskCardNumber, maskFully, maskIdNumber, maskName, maskPhone } from '../domain/masking';

export type CallOutcome = 'ok' | 'business' | 'network' | 'ambiguous' | 'gateway-auth' | 'validation';

/** How each personal wire field is shown in a stored body. */
const wireFieldMasks: Record<string, (value: string) => string> = {
  certno: value => (isValidIdNumber(value) ? maskIdNumber(value) : maskCardNumber(value)),
  mdtrt_cert_no: value => (isValidIdNumber(value) ? maskIdNumber(value) : maskCardNumber(value)),
  agnter_certno: value => (isValidIdNumber(value) ? maskIdNumber(value) : maskCardNumber(value)),
  card_sn: maskFully,
  psn_no: maskCardNumber,
  psn_name: maskName,
  agnter_name: maskName,
  tel: maskPhone,
  agnter_tel: maskPhone,
  addr: maskAddress,
  agnter_addr: maskAddress,
  cond_abst: maskFully,
  memo: maskFully,
  brdy: value => (value.length >= 4 ? `${value.slice(0, 4)}-**-**` : maskFully(value))
};

/** A copy of a wire body with personal fields masked, at any depth. */
export function maskWireBody(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskWireBody);
  if (value !== null && typeof value === 'object') {
    const masked: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      const mask = wireFieldMasks[key];
      masked[key] =
        mask && (typeof child === 'string' || typeof child === 'number') && child !== ''
          ? mask(String(child))
          : maskWireBody(child);
    }
    return masked;
  }
  return value;
}

export interface InterfaceLogEntry {
  calledAt: Date;
  infno: string;
  msgid?: string | undefined;
  infRefmsgid?: string | undefined;
  opter: string;
  applicationNo?: string | undefined;
  attempt: number;
  durationMs: number;
  httpStatus?: number | undefined;
  infcode?: number | undefined;
  outcome: CallOutcome;
  errorCode?: string | undefined;
  errMsg?: string | undefined;
  /** Unmasked wire bodies: masked here before they are stored. */
  requestBody?: unknown;
  responseBody?: unknown;
  /** The patient's numbers, encrypted here; or already encrypted values with their index (from yibao_persons). */
  certNo?: string | undefined;
  cardNo?: string | undefined;
  encrypted?: {
    certNoEnc?: string | null;
    certNoIndex?: string | null;
    cardNoEnc?: string | null;
    cardNoIndex?: string | null;
  };
}

/** One stored row, personal fields already masked or encrypted. */
interface InterfaceLogRowValues {
  called_at: string;
  infno: string;
  msgid: string | null;
  inf_refmsgid: string | null;
  opter: string;
  application_no: string | null;
  attempt: number;
  duration_ms: number;
  http_status: number | null;
  infcode: number | null;
  outcome: CallOutcome;
  error_code: string | null;
  err_msg: string | null;
  request_body: unknown;
  response_body: unknown;
  cert_no_enc: string | null;
  cert_no_index: string | null;
  card_no_enc: string | null;
  card_no_index: string | null;
}

/** Where write failures are reported (a pino logger fits). */
export interface InterfaceLogAlerts {
  error(details: Record<string, unknown>, message: string): void;
}

/** Rows held while the database is unreachable; beyond this the oldest are dropped (and counted). */
const maxPendingRows = 20_000;
/** Rows per INSERT. */
const batchSize = 500;
const retryDelayMs = 1_000;

/**
 * Write-behind: `record` masks and encrypts the entry at once and queues it; one INSERT at a time writes
 * everything queued so far. A call therefore never waits for the database (that wait was most of the
 * client's overhead), a lone call is still written immediately, and bursts share one statement. Rows are
 * committed asynchronously. A crash can lose the rows of the last moment; the workflows keep their own
 * durable record of every filing, and `flush` (called by `YibaoClient.close`) writes what is queued.
 */
export class InterfaceLog {
  private pending: InterfaceLogRowValues[] = [];
  /** Rows of the INSERT under way. */
  private inFlight = 0;
  private writing: Promise<void> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private dropped = 0;

  constructor(
    private readonly db: Database,
    private readonly fieldCrypto: FieldCrypto,
    private readonly alerts?: InterfaceLogAlerts | undefined
  ) {}

  /** Queues one call's row; never throws, never waits. */
  record(entry: InterfaceLogEntry): void {
    this.pending.push(this.toRow(entry));
    if (this.pending.length > maxPendingRows) {
      this.dropped += this.pending.length - maxPendingRows;
      this.pending.splice(0, this.pending.length - maxPendingRows);
    }
    if (!this.retryTimer) this.startWriting();
  }

  /** Resolves once every row recorded so far is written, or after `timeoutMs` while the database is down. */
  async flush(timeoutMs = 5_000): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (this.pending.length > 0 || this.writing) {
      const remaining = deadline - performance.now();
      if (remaining <= 0) return;
      if (this.retryTimer) {
        clearTimeout(this.retryTimer);
        this.retryTimer = undefined;
      }
      this.startWriting();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([this.writing, new Promise(resolve => (timer = setTimeout(resolve, remaining)))]);
      clearTimeout(timer);
      if (this.retryTimer) await new Promise(resolve => setTimeout(resolve, Math.min(50, remaining)));
    }
  }

  /** Rows recorded but not yet written. */
  get backlog(): number {
    return this.pending.length + this.inFlight;
  }

  private toRow(entry: InterfaceLogEntry): InterfaceLogRowValues {
    const cert = entry.certNo
      ? { enc: this.fieldCrypto.encrypt(entry.certNo), index: this.fieldCrypto.blindIndex('id-number', entry.certNo) }
      : { enc: entry.encrypted?.certNoEnc ?? null, index: entry.encrypted?.certNoIndex ?? null };
    const card = entry.cardNo
      ? { enc: this.fieldCrypto.encrypt(entry.cardNo), index: this.fieldCrypto.blindIndex('card-number', entry.cardNo) }
      : { enc: entry.encrypted?.cardNoEnc ?? null, index: entry.encrypted?.cardNoIndex ?? null };
    return {
      called_at: entry.calledAt.toISOString(),
      infno: entry.infno,
      msgid: entry.msgid ?? null,
      inf_refmsgid: entry.infRefmsgid?.slice(0, 40) ?? null,
      opter: entry.opter,
      application_no: entry.applicationNo ?? null,
      attempt: entry.attempt,
      duration_ms: Math.round(entry.durationMs),
      http_status: entry.httpStatus ?? null,
      infcode: entry.infcode ?? null,
      outcome: entry.outcome,
      error_code: entry.errorCode ?? null,
      err_msg: entry.errMsg ?? null,
      request_body: entry.requestBody === undefined ? null : maskWireBody(entry.requestBody),
      response_body: entry.responseBody === undefined ? null : maskWireBody(entry.responseBody),
      cert_no_enc: cert.enc,
      cert_no_index: cert.index,
      card_no_enc: card.enc,
      card_no_index: card.index
    };
  }

  /** Starts the writer unless it runs already or nothing is queued. */
  private startWriting(): void {
    if (this.writing || this.pending.length === 0) return;
    this.writing = this.writePending();
  }

  /** Called with rows queued, so it always awaits before its `finally` clears `writing`. */
  private async writePending(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, batchSize);
        this.inFlight = batch.length;
        try {
          await this.insert(batch);
        } catch (error) {
          this.pending.unshift(...batch);
          this.alerts?.error(
            { err: error, backlog: this.pending.length },
            'yibao interface log write failed; retrying'
          );
          this.retryTimer = setTimeout(() => {
            this.retryTimer = undefined;
            this.startWriting();
          }, retryDelayMs);
          this.retryTimer.unref();
          return;
        }
      }
      if (this.dropped > 0) {
        this.alerts?.error({ dropped: this.dropped }, 'yibao interface log rows dropped while the database was down');
        this.dropped = 0;
      }
    } finally {
      this.inFlight = 0;
      this.writing = undefined;
    }
  }

  /** One statement for the whole batch (a JSON array), committed without waiting for the WAL flush. */
  private async insert(batch: InterfaceLogRowValues[]): Promise<void> {
    await this.db.execute(sql`
      with async_commit as (select set_config('synchronous_commit', 'off', true))
      insert into ${yibaoInterfaceLog} (
        called_at, infno, msgid, inf_refmsgid, opter, application_no, attempt, duration_ms, http_status, infcode,
        outcome, error_code, err_msg, request_body, response_body, cert_no_enc, cert_no_index, card_no_enc,
        card_no_index)
      select
        called_at, infno, msgid, inf_refmsgid, opter, application_no, attempt, duration_ms, http_status, infcode,
        outcome, error_code, err_msg, request_body, response_body, cert_no_enc, cert_no_index, card_no_enc,
        card_no_index
      from async_commit, jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as row(
        called_at timestamptz, infno text, msgid text, inf_refmsgid text, opter text, application_no text,
        attempt integer, duration_ms integer, http_status integer, infcode integer, outcome text, error_code text,
        err_msg text, request_body jsonb, response_body jsonb, cert_no_enc text, cert_no_index text,
        card_no_enc text, card_no_index text)`);
  }
}

function monthStart(year: number, month: number): string {
  const normalisedYear = year + Math.floor((month - 1) / 12);
  const normalisedMonth = ((((month - 1) % 12) + 12) % 12) + 1;
  return `${normalisedYear}-${String(normalisedMonth).padStart(2, '0')}-01`;
}

/**
 * Creates the monthly partitions (China-time months) from this month to `monthsAhead` ahead. Rows that fell into
 * DEFAULT for such a month (the process was down over a month change) are moved into the new partition first.
 */
export async function ensureInterfaceLogPartitions(sql: postgres.Sql, now: Date, monthsAhead = 2): Promise<void> {
  const china = new Date(now.getTime() + 8 * 3_600_000);
  const year = china.getUTCFullYear();
  const month = china.getUTCMonth() + 1;
  for (let offset = 0; offset <= monthsAhead; offset += 1) {
    const from = monthStart(year, month + offset);
    const to = monthStart(year, month + offset + 1);
    const name = `yibao_interface_log_y${from.slice(0, 4)}m${from.slice(5, 7)}`;
    await sql.begin(async transaction => {
      await transaction`select pg_advisory_xact_lock(hashtextextended('yibao_interface_log_partitions', 0))`;
      const [existing] = await transaction`select 1 from pg_class where relname = ${name}`;
      if (existing) return;
      const lower = `${from} 00:00:00+08`;
      const upper = `${to} 00:00:00+08`;
      await transaction.unsafe(`create table "${name}" (like "yibao_interface_log" including defaults)`);
      await transaction.unsafe(
        `with moved as (delete from "yibao_interface_log_default" where called_at >= $1 and called_at < $2 returning *)
         insert into "${name}" select * from moved`,
        [lower, upper]
      );
      await transaction.unsafe(
        `alter table "yibao_interface_log" attach partition "${name}" for values from ('${lower}') to ('${upper}')`
      );
    });
  }
}

export interface InterfaceLogFilters {
  /** 身份证号: matched through its blind index. */
  certNo?: string | undefined;
  /** 医保卡号. */
  cardNo?: string | undefined;
  applicationNo?: string | undefined;
  infno?: string | undefined;
  outcome?: CallOutcome | undefined;
  /** Inclusive lower bound of called_at. */
  from?: Date | undefined;
  /** Exclusive upper bound of called_at. */
  to?: Date | undefined;
  /** Page size, 1–200 (default 50). */
  limit?: number | undefined;
  /** `nextCursor` of the previous page. */
  cursor?: string | undefined;
}

export interface InterfaceLogRow {
  id: number;
  calledAt: Date;
  infno: string;
  msgid: string | null;
  infRefmsgid: string | null;
  opter: string;
  applicationNo: string | null;
  attempt: number;
  durationMs: number;
  httpStatus: number | null;
  infcode: number | null;
  outcome: CallOutcome;
  errorCode: string | null;
  errMsg: string | null;
  requestBody: unknown;
  responseBody: unknown;
  certNoMasked: string | null;
  cardNoMasked: string | null;
}

export interface InterfaceLogPage {
  rows: InterfaceLogRow[];
  /** Pass as `cursor` for the next (older) page; undefined on the last page. */
  nextCursor: string | undefined;
}

function encodeCursor(calledAt: Date, id: number): string {
  return Buffer.from(`${calledAt.toISOString()}|${id}`, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { calledAt: Date; id: number } {
  const [time, id] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const calledAt = new Date(time ?? '');
  if (Number.isNaN(calledAt.getTime()) || !/^\d+$/.test(id ?? '')) throw new Error('invalid cursor');
  return { calledAt, id: Number(id) };
}

/**
 * Newest first, keyset-paginated (no OFFSET, so page 1,000 costs what page 1 costs). The ID and card numbers
 * are matched by blind index, never decrypted for the search; the page shows them masked.
 */
export async function searchInterfaceLog(
  db: Database,
  filters: InterfaceLogFilters,
  fieldCrypto: FieldCrypto
): Promise<InterfaceLogPage> {
  const limit = Math.min(Math.max(Math.trunc(filters.limit ?? 50), 1), 200);
  const log = yibaoInterfaceLog;
  const conditions: SQL[] = [];
  if (filters.certNo) conditions.push(eq(log.certNoIndex, fieldCrypto.blindIndex('id-number', filters.certNo)));
  if (filters.cardNo) conditions.push(eq(log.cardNoIndex, fieldCrypto.blindIndex('card-number', filters.cardNo)));
  if (filters.applicationNo) conditions.push(eq(log.applicationNo, filters.applicationNo));
  if (filters.infno) conditions.push(eq(log.infno, filters.infno));
  if (filters.outcome) conditions.push(eq(log.outcome, filters.outcome));
  if (filters.from) conditions.push(gte(log.calledAt, filters.from));
  if (filters.to) conditions.push(lt(log.calledAt, filters.to));
  if (filters.cursor) {
    const { calledAt, id } = decodeCursor(filters.cursor);
    // A row comparison is an index condition on (called_at, id); the equivalent OR would be a filter.
    conditions.push(sql`(${log.calledAt}, ${log.id}) < (${calledAt.toISOString()}::timestamptz, ${id})`);
  }
  // NULLS LAST as the indexes are built: plain DESC (nulls first) would not match them and sort the table.
  const found = await db
    .select()
    .from(log)
    .where(and(...conditions))
    .orderBy(sql`${log.calledAt} desc nulls last`, sql`${log.id} desc nulls last`)
    .limit(limit + 1);
  const page = found.slice(0, limit);
  const reveal = (text: string | null, mask: (value: string) => string) => {
    if (!text) return null;
    try {
      return mask(fieldCrypto.decrypt(text));
    } catch {
      return '***';
    }
  };
  const last = page.at(-1);
  return {
    rows: page.map(row => ({
      id: row.id,
      calledAt: row.calledAt,
      infno: row.infno,
      msgid: row.msgid,
      infRefmsgid: row.infRefmsgid,
      opter: row.opter,
      applicationNo: row.applicationNo,
      attempt: row.attempt,
      durationMs: row.durationMs,
      httpStatus: row.httpStatus,
      infcode: row.infcode,
      outcome: row.outcome as CallOutcome,
      errorCode: row.errorCode,
      errMsg: row.errMsg,
      requestBody: row.requestBody,
      responseBody: row.responseBody,
      certNoMasked: reveal(row.certNoEnc, maskIdNumber),
      cardNoMasked: reveal(row.cardNoEnc, maskCardNumber)
    })),
    nextCursor: found.length > limit && last ? encodeCursor(last.calledAt, last.id) : undefined
  };
}
