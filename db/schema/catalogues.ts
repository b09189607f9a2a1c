import { boolean, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/**
 * 门诊慢特病病种目录 as downloaded with 1309 + 9102. Each sync stores the platform's version; a disease
 * can be chosen only while `valid` (vali_flag 1).
 */
export const diseases = pgTable(
  'diseases',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    majorClassCode: text('major_class_code'),
    majorClassName: text('major_class_name'),
    subClassName: text('sub_class_name'),
    admdvs: text('admdvs'),
    valid: boolean('valid').notNull(),
    recordId: text('record_id'),
    version: text('version').notNull(),
    versionName: text('version_name'),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
  },
  table => [index('diseases_valid_idx').on(table.valid, table.code)]
);

/** One row per catalogue download, so admins see when and from which version the list came. */
export const diseaseCatalogueSyncs = pgTable('disease_catalogue_syncs', {
  id: uuid('id').primaryKey().defaultRandom(),
  fromVersion: text('from_version').notNull(),
  toVersion: text('to_version').notNull(),
  recordCount: integer('record_count').notNull(),
  trigger: text('trigger', { enum: ['schedule', 'admin'] }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }).notNull().defaultNow()
});

/** 鉴定定点医药机构: the institutions a patient picks for the chronic-disease assessment (never free text). */
export const institutions = pgTable(
  'institutions',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    level: text('level'),
    admdvs: text('admdvs').notNull(),
    address: text('address'),
    valid: boolean('valid').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
  },
  table => [uniqueIndex('institutions_name_key').on(table.name)]
);
