import {
  boolean,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid
} from 'drizzle-orm/pg-core';
import { applications } from './applications';

/** PostgreSQL bytea as a Node Buffer (drizzle has no built-in bytea column). */
const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType: () => 'bytea',
  fromDriver: value => Buffer.from(value)
});

/**
 * 特药目录: the bureau's 中心药品项目编码 and name (sent as twopathdruglist), plus the hospital's fields.
 * Only valid drugs can be applied for; a disabled drug stays for the applications that name it.
 */
export const specialDrugs = pgTable(
  'special_drugs',
  {
    code: text('code').primaryKey(),
    name: text('name').notNull(),
    specification: text('specification'),
    manufacturer: text('manufacturer'),
    indications: text('indications'),
    valid: boolean('valid').notNull().default(true),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
  },
  table => [index('special_drugs_valid_idx').on(table.valid, table.code)]
);

/** 双通道定点医药机构 (twopathfixmedins): the hospital itself and the designated pharmacies. */
export const dualChannelInstitutions = pgTable('dual_channel_institutions', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  poolingAreaCode: text('pooling_area_code').notNull(),
  valid: boolean('valid').notNull().default(true),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
});

/** What a dual-channel application adds to the shared application row (the 2511 `data` fields). */
export const dualChannelApplicationDetails = pgTable('dual_channel_application_details', {
  applicationId: uuid('application_id')
    .primaryKey()
    .references(() => applications.id, { onDelete: 'cascade' }),
  applicationDate: date('application_date').notNull(),
  /** 诊断依据: health data, stored encrypted. */
  diagnosisBasisEnc: text('diagnosis_basis_enc'),
  /** 申请限定 */
  applicationLimits: jsonb('application_limits').$type<string[]>().notNull().default([]),
  agentNameEnc: text('agent_name_enc'),
  agentDocumentType: text('agent_document_type'),
  agentDocumentNoEnc: text('agent_document_no_enc'),
  agentPhoneEnc: text('agent_phone_enc'),
  agentRelation: text('agent_relation'),
  agentAddressEnc: text('agent_address_enc'),
  /** atddr_no/dr_name: the reviewing doctor, from the HIS. */
  doctor1StaffNo: text('doctor1_staff_no'),
  doctor1Name: text('doctor1_name'),
  /** atddr_no1/dr_name1: the optional second doctor named at review, from the HIS. */
  doctor2StaffNo: text('doctor2_staff_no'),
  doctor2Name: text('doctor2_name')
});

/** The drugs applied for, copied from the catalogue at submission (what was filed stays readable). */
export const dualChannelApplicationDrugs = pgTable(
  'dual_channel_application_drugs',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    drugCode: text('drug_code').notNull(),
    drugName: text('drug_name').notNull(),
    specification: text('specification')
  },
  table => [
    primaryKey({ columns: [table.applicationId, table.drugCode] }),
    index('dual_channel_application_drugs_code_idx').on(table.drugCode)
  ]
);

export const dualChannelApplicationInstitutions = pgTable(
  'dual_channel_application_institutions',
  {
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    institutionCode: text('institution_code').notNull(),
    institutionName: text('institution_name').notNull(),
    poolingAreaCode: text('pooling_area_code').notNull()
  },
  table => [primaryKey({ columns: [table.applicationId, table.institutionCode] })]
);

/**
 * The 双通道申请电子表格 generated after the doctors' approval. `data_hash` is the hash of the data printed
 * on it, so a change before filing regenerates it and an unchanged retry does not.
 */
export const dualChannelEforms = pgTable('dual_channel_eforms', {
  applicationId: uuid('application_id')
    .primaryKey()
    .references(() => applications.id, { onDelete: 'cascade' }),
  dataHash: text('data_hash').notNull(),
  pdf: bytea('pdf').notNull(),
  xlsx: bytea('xlsx').notNull(),
  generatedAt: timestamp('generated_at', { withTimezone: true }).notNull().defaultNow()
});
