import { boolean, date, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * Everyone who signs in: staff (admin, doctor, auditor, security admin) with a username and password, and
 * patients' accounts (WeChat openid or phone). Personal values are stored encrypted (`*_enc`) with a blind
 * index (`*_blind`) for look-ups; see crypto/field-encryption.
 */
export const userAccounts = pgTable(
  'user_accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['staff', 'patient'] }).notNull(),
    username: text('username'),
    displayName: text('display_name').notNull(),
    roles: text('roles').array().notNull().default([]),
    staffNo: text('staff_no'),
    department: text('department'),
    title: text('title'),
    passwordHash: text('password_hash'),
    phoneEnc: text('phone_enc'),
    phoneBlind: text('phone_blind'),
    wechatOpenid: text('wechat_openid'),
    disabled: boolean('disabled').notNull().default(false),
    /** 等保 periodic change: staff are sent to the password screen when it is older than STAFF_PASSWORD_MAX_AGE. */
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
    /** Encrypted TOTP secret of an enrolled second factor; the pending one waits for its first code. */
    totpSecretEnc: text('totp_secret_enc'),
    totpPendingEnc: text('totp_pending_enc'),
    /** Last accepted TOTP time step: a code is never accepted twice. */
    totpLastStep: integer('totp_last_step'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow()
  },
  table => [
    uniqueIndex('user_accounts_username_key').on(table.username),
    uniqueIndex('user_accounts_staff_no_key').on(table.staffNo),
    uniqueIndex('user_accounts_phone_blind_key').on(table.phoneBlind),
    uniqueIndex('user_accounts_wechat_openid_key').on(table.wechatOpenid)
  ]
);

/** A person a patient account applies for: the account holder or a linked dependant. */
export const patients = pgTable(
  'patients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    accountId: uuid('account_id')
      .notNull()
      .references(() => userAccounts.id),
    relation: text('relation', { enum: ['self', 'child', 'spouse', 'parent', 'other'] }).notNull(),
    nameEnc: text('name_enc').notNull(),
    nameMasked: text('name_masked').notNull(),
    /** Exact-name search by staff, without storing the name in clear. */
    nameBlind: text('name_blind').notNull(),
    idNoEnc: text('id_no_enc').notNull(),
    idNoBlind: text('id_no_blind').notNull(),
    idNoMasked: text('id_no_masked').notNull(),
    birthDate: date('birth_date').notNull(),
    sex: text('sex', { enum: ['male', 'female'] }).notNull(),
    /** 医保人员编号, from 1101. */
    insuredPersonNo: text('insured_person_no'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Unlinked by the account: kept for the applications already made, hidden and unusable for new ones. */
    unlinkedAt: timestamp('unlinked_at', { withTimezone: true })
  },
  table => [
    uniqueIndex('patients_account_person_key').on(table.accountId, table.idNoBlind),
    index('patients_id_no_blind_idx').on(table.idNoBlind),
    index('patients_name_blind_idx').on(table.nameBlind)
  ]
);
