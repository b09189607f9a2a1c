import { sql } from 'drizzle-orm';
import { date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { yibaoSyncStatuses } from '../../domain/application';
import { applicationStatuses } from '../../domain/application-status';
import { patients, userAccounts } from './people';

/**
 * What chronic and dual-channel applications share: identity, status, the Yibao side and the review. The
 * workflow is the source of truth for the life of an application; this row mirrors each step for lists,
 * search and statistics.
 */
export const applications = pgTable(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** A registered application kind (domain/application-kinds/registry.ts). */
    kind: text('kind').notNull(),
    applicationNo: text('application_no').notNull(),
    applicantAccountId: uuid('applicant_account_id')
      .notNull()
      .references(() => userAccounts.id),
    patientId: uuid('patient_id')
      .notNull()
      .references(() => patients.id),
    status: text('status', { enum: applicationStatuses }).notNull().default('submitted'),
    yibaoSyncStatus: text('yibao_sync_status', { enum: yibaoSyncStatuses }).notNull().default('not_sent'),
    phoneEnc: text('phone_enc'),
    addressEnc: text('address_enc'),
    beginDate: date('begin_date').notNull(),
    endDate: date('end_date'),
    /** From 1101: 人员编号, 险种类型, 参保地医保区划. */
    insuredPersonNo: text('insured_person_no'),
    insuranceType: text('insurance_type'),
    insuredAreaCode: text('insured_area_code'),
    /** The bureau's serial number of the filing (2503 trt_dcla_detl_sn, 2511 two_path_reg_sn). */
    filingSn: text('filing_sn'),
    reviewerAccountId: uuid('reviewer_account_id').references(() => userAccounts.id),
    reviewerStaffNo: text('reviewer_staff_no'),
    reviewerName: text('reviewer_name'),
    reviewDecision: text('review_decision', { enum: ['approve', 'reject'] }),
    reviewOpinion: text('review_opinion'),
    diagnosisEnc: text('diagnosis_enc'),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    failureReason: text('failure_reason'),
    department: text('department'),
    workflowId: text('workflow_id').notNull(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull().defaultNow(),
    filedAt: timestamp('filed_at', { withTimezone: true }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow()
  },
  table => [
    uniqueIndex('applications_application_no_key').on(table.applicationNo),
    index('applications_kind_status_idx').on(table.kind, table.status, table.submittedAt),
    index('applications_patient_idx').on(table.patientId),
    index('applications_applicant_idx').on(table.applicantAccountId),
    // The console's live updates ask every second for rows changed since the last look.
    index('applications_updated_at_idx').on(table.updatedAt),
    index('applications_sync_idx')
      .on(table.yibaoSyncStatus)
      .where(sql`${table.status} = 'filing_failed'`)
  ]
);

export const chronicApplicationDetails = pgTable('chronic_application_details', {
  applicationId: uuid('application_id')
    .primaryKey()
    .references(() => applications.id, { onDelete: 'cascade' }),
  diseaseCode: text('disease_code').notNull(),
  diseaseName: text('disease_name').notNull(),
  institutionCode: text('institution_code').notNull(),
  institutionName: text('institution_name').notNull(),
  /** 医院鉴定日期, 诊断医师: the approving doctor, from the HIS, on the day of approval. */
  assessmentDate: date('assessment_date'),
  diagnosingDoctorStaffNo: text('diagnosing_doctor_staff_no'),
  diagnosingDoctorName: text('diagnosing_doctor_name')
});

/** Each step of an application; `event_key` makes a retried or replayed projection write land once. */
export const applicationStatusHistory = pgTable(
  'application_status_history',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    eventKey: text('event_key').notNull(),
    fromStatus: text('from_status', { enum: applicationStatuses }),
    toStatus: text('to_status', { enum: applicationStatuses }).notNull(),
    detail: text('detail').notNull(),
    actorAccountId: uuid('actor_account_id'),
    actorLabel: text('actor_label'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow()
  },
  table => [
    uniqueIndex('application_status_history_event_key').on(table.eventKey),
    index('application_status_history_application_idx').on(table.applicationId, table.at)
  ]
);

/** Daily counters behind readable application numbers (MT/SD + date + sequence). */
export const applicationNoSequences = pgTable(
  'application_no_sequences',
  {
    prefix: text('prefix').notNull(),
    day: text('day').notNull(),
    lastValue: integer('last_value').notNull()
  },
  table => [primaryKey({ columns: [table.prefix, table.day] })]
);

/** Review reminders and other notices to staff and patients (delivered by the console and mini-program). */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    eventKey: text('event_key').notNull(),
    recipientAccountId: uuid('recipient_account_id'),
    recipientRole: text('recipient_role'),
    applicationId: uuid('application_id').references(() => applications.id, { onDelete: 'cascade' }),
    message: text('message').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true })
  },
  table => [uniqueIndex('notifications_event_key').on(table.eventKey)]
);

/**
 * Each time a filing (2503/2511) is about to be sent, and how it ended. A retry that finds an attempt with
 * no outcome (the worker died mid-call) or an ambiguous one asks the bureau before sending again.
 */
export const filingAttempts = pgTable(
  'filing_attempts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id')
      .notNull()
      .references(() => applications.id, { onDelete: 'cascade' }),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    outcome: text('outcome', { enum: ['committed', 'not_committed', 'ambiguous'] }),
    finishedAt: timestamp('finished_at', { withTimezone: true })
  },
  table => [index('filing_attempts_application_idx').on(table.applicationId)]
);
