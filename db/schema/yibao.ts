import { sql } from 'drizzle-orm';
import {
  bigserial,
  date,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  primaryKey,
  text,
  timestamp,
  varchar
} from 'drizzle-orm/pg-core';

/** Blocks of 20 msgid sequence numbers (yibao/envelope.ts): 500 blocks cover the 4-digit sequence. */
export const yibaoMsgidBlockSeq = pgSequence('yibao_msgid_block_seq', {
  startWith: 0,
  minValue: 0,
  maxValue: 499,
  cycle: true
});

/**
 * One sign_no per operator per China-time day, shared by all workers. A row whose sign_no the platform
 * rejected is marked invalidated and replaced by the next 9001; signed_out_at is set only by an explicit 9002.
 */
export const yibaoSignIns = pgTable(
  'yibao_sign_ins',
  {
    opter: varchar('opter', { length: 30 }).notNull(),
    signDate: date('sign_date', { mode: 'string' }).notNull(),
    signNo: varchar('sign_no', { length: 30 }).notNull(),
    signedInAt: timestamp('signed_in_at', { withTimezone: true }).notNull(),
    invalidatedAt: timestamp('invalidated_at', { withTimezone: true }),
    signedOutAt: timestamp('signed_out_at', { withTimezone: true })
  },
  table => [primaryKey({ columns: [table.opter, table.signDate] })]
);

/**
 * What 1101 told us about an insured person and later envelopes need: insuplc_admdvs for every call whose
 * input carries psn_no, and the ID number (encrypted + blind index) so those calls are logged under it.
 */
export const yibaoPersons = pgTable('yibao_persons', {
  psnNo: varchar('psn_no', { length: 30 }).primaryKey(),
  insuplcAdmdvs: varchar('insuplc_admdvs', { length: 6 }).notNull(),
  insutype: varchar('insutype', { length: 6 }),
  certNoEnc: text('cert_no_enc'),
  certNoIndex: varchar('cert_no_index', { length: 64 }),
  cardNoEnc: text('card_no_enc'),
  cardNoIndex: varchar('card_no_index', { length: 64 }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull()
});

/**
 * Every Yibao call, one row per attempt. Bodies are stored with personal fields masked; the ID number and the
 * card number are stored encrypted with a blind index for search.
 *
 * Scale decision: the table is range-partitioned by month on called_at (the migration adds PARTITION BY and a
 * DEFAULT partition; yibao/interface-log.ts creates the coming months' partitions at start-up and moves any
 * stray rows out of DEFAULT). Every search is newest-first within a date range, so each index leads with its
 * equality column and ends with called_at DESC, and is local to a month; pruning skips months outside the
 * range. Retention/archive = DETACH PARTITION of months past the retention period, dump, drop — no bulk DELETE.
 * The primary key includes called_at because PostgreSQL requires the partition key in unique constraints.
 */
export const yibaoInterfaceLog = pgTable(
  'yibao_interface_log',
  {
    id: bigserial('id', { mode: 'number' }).notNull(),
    calledAt: timestamp('called_at', { withTimezone: true }).notNull(),
    infno: varchar('infno', { length: 4 }).notNull(),
    msgid: varchar('msgid', { length: 30 }),
    infRefmsgid: varchar('inf_refmsgid', { length: 40 }),
    opter: varchar('opter', { length: 30 }).notNull(),
    applicationNo: varchar('application_no', { length: 40 }),
    attempt: integer('attempt').notNull(),
    durationMs: integer('duration_ms').notNull(),
    httpStatus: integer('http_status'),
    infcode: integer('infcode'),
    /** ok | business | network | ambiguous | gateway-auth | validation */
    outcome: varchar('outcome', { length: 20 }).notNull(),
    errorCode: varchar('error_code', { length: 30 }),
    errMsg: text('err_msg'),
    requestBody: jsonb('request_body'),
    responseBody: jsonb('response_body'),
    certNoEnc: text('cert_no_enc'),
    certNoIndex: varchar('cert_no_index', { length: 64 }),
    cardNoEnc: text('card_no_enc'),
    cardNoIndex: varchar('card_no_index', { length: 64 })
  },
  table => [
    primaryKey({ columns: [table.id, table.calledAt] }),
    index('yibao_interface_log_called_at_idx').on(table.calledAt.desc(), table.id.desc()),
    index('yibao_interface_log_cert_no_idx')
      .on(table.certNoIndex, table.calledAt.desc())
      .where(sql`${table.certNoIndex} is not null`),
    index('yibao_interface_log_card_no_idx')
      .on(table.cardNoIndex, table.calledAt.desc())
      .where(sql`${table.cardNoIndex} is not null`),
    index('yibao_interface_log_application_no_idx')
      .on(table.applicationNo, table.calledAt.desc())
      .where(sql`${table.applicationNo} is not null`),
    index('yibao_interface_log_infno_idx').on(table.infno, table.calledAt.desc()),
    index('yibao_interface_log_outcome_idx').on(table.outcome, table.calledAt.desc()),
    index('yibao_interface_log_msgid_idx').on(table.msgid)
  ]
);
