import { customType, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { applications } from './applications';
import { userAccounts } from './people';

const bytea = customType<{ data: Buffer }>({ dataType: () => 'bytea' });

/**
 * Diagnosis proofs and other documents a patient uploads for an application. The content is stored
 * encrypted (field encryption over base64); only the owner and staff who may read the application fetch it.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    ownerAccountId: uuid('owner_account_id')
      .notNull()
      .references(() => userAccounts.id),
    applicationId: uuid('application_id').references(() => applications.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['diagnosis_proof', 'discharge_summary', 'test_report', 'other'] }).notNull(),
    contentType: text('content_type', { enum: ['application/pdf', 'image/jpeg', 'image/png'] }).notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    contentEnc: bytea('content_enc').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow()
  },
  table => [
    index('attachments_owner_idx').on(table.ownerAccountId),
    index('attachments_application_idx').on(table.applicationId)
  ]
);
