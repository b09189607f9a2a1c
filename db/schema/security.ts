import { sql } from 'drizzle-orm';
import { bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { patients, userAccounts } from './people';
import { minorAccessPurposes } from '../../domain/audit';

/**
 * Sign-in sessions. Only the SM3 hash of the opaque bearer token is stored, so a copy of the table does not
 * let anyone in. A `restriction` limits the session to finishing a step (TOTP enrolment, expired password).
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => userAccounts.id),
    restriction: text('restriction', { enum: ['totp_enrollment', 'password_change'] }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** Absolute end, whatever the activity. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
    endReason: text('end_reason', { enum: ['logout', 'password_change', 'disabled', 'totp_enrolled', 'role_change'] })
  },
  table => [
    uniqueIndex('sessions_token_hash_key').on(table.tokenHash),
    index('sessions_account_idx')
      .on(table.accountId)
      .where(sql`${table.endedAt} is null`)
  ]
);

/**
 * Counted events of the sign-in throttles (failures per account key and per IP, SMS sends), shared by every
 * API process. Keys are hashes or IPs, never a phone number or a username in clear.
 */
export const authEvents = pgTable(
  'auth_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind', { enum: ['login_failure', 'sms_send', 'sms_failure', 'link_failure'] }).notNull(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull()
  },
  table => [index('auth_events_kind_key_at_idx').on(table.kind, table.key, table.at)]
);

export const authLocks = pgTable('auth_locks', {
  key: text('key').primaryKey(),
  lockedUntil: timestamp('locked_until', { withTimezone: true }).notNull()
});

/** SMS sign-in codes, stored hashed; a new code replaces the phone's earlier ones. */
export const smsCodes = pgTable(
  'sms_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    phoneBlind: text('phone_blind').notNull(),
    codeHash: text('code_hash').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    consumedAt: timestamp('consumed_at', { withTimezone: true })
  },
  table => [index('sms_codes_phone_idx').on(table.phoneBlind, table.createdAt)]
);

/**
 * The audit trail: append-only (a trigger refuses UPDATE and DELETE outside the retention purge) and
 * hash-chained, each row holding SM3(previous hash ‖ canonical JSON of itself).
 */
export const auditLogs = pgTable(
  'audit_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    actorAccountId: uuid('actor_account_id'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    outcome: text('outcome', { enum: ['success', 'failure', 'denied'] }).notNull(),
    ip: text('ip'),
    detail: jsonb('detail').$type<Record<string, unknown>>().notNull().default({}),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull()
  },
  table => [
    index('audit_logs_at_idx').on(table.at),
    index('audit_logs_action_at_idx').on(table.action, table.at),
    index('audit_logs_actor_at_idx').on(table.actorAccountId, table.at)
  ]
);

/** Consents given for a patient: who (the guardian account), which policy version, when; withdrawable. */
export const patientConsents = pgTable(
  'patient_consents',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    kind: text('kind', { enum: ['guardian', 'health_data'] }).notNull(),
    policyVersion: text('policy_version').notNull(),
    guardianAccountId: uuid('guardian_account_id')
      .notNull()
      .references(() => userAccounts.id),
    /** The guardian's own verified person record. */
    guardianPatientId: uuid('guardian_patient_id').references(() => patients.id),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true })
  },
  table => [index('patient_consents_patient_idx').on(table.patientId, table.kind)]
);

export { minorAccessPurposes };

/** A staff member's approved access to one minor's records (未成年人网络保护条例 Art. 36). */
export const minorAccessGrants = pgTable(
  'minor_access_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    staffAccountId: uuid('staff_account_id')
      .notNull()
      .references(() => userAccounts.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    purpose: text('purpose', { enum: minorAccessPurposes }).notNull(),
    reason: text('reason').notNull(),
    requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
    approvedBy: uuid('approved_by').references(() => userAccounts.id),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    validUntil: timestamp('valid_until', { withTimezone: true }).notNull()
  },
  table => [index('minor_access_grants_staff_patient_idx').on(table.staffAccountId, table.patientId)]
);

export const minorAccessLogs = pgTable(
  'minor_access_logs',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    grantId: uuid('grant_id').references(() => minorAccessGrants.id),
    staffAccountId: uuid('staff_account_id')
      .notNull()
      .references(() => userAccounts.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    outcome: text('outcome', { enum: ['granted', 'denied'] }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull()
  },
  table => [index('minor_access_logs_at_idx').on(table.at)]
);

/** Doctors allowed to review dual-channel applications; a revoked grant keeps its row as history. */
export const dualChannelPermissions = pgTable(
  'dual_channel_permissions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    doctorAccountId: uuid('doctor_account_id')
      .notNull()
      .references(() => userAccounts.id),
    grantedBy: uuid('granted_by').references(() => userAccounts.id),
    grantedAt: timestamp('granted_at', { withTimezone: true }).notNull(),
    revokedBy: uuid('revoked_by').references(() => userAccounts.id),
    revokedAt: timestamp('revoked_at', { withTimezone: true })
  },
  table => [
    uniqueIndex('dual_channel_permissions_active_key')
      .on(table.doctorAccountId)
      .where(sql`${table.revokedAt} is null`)
  ]
);
