import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '../db/connection';
import { applications, attachments, patients } from '../db/schema';
import { attachmentKindLabels, type AttachmentSummary } from '../domain/attachments';
import { openApplicationStatuses } from '../domain/application-status';
import { FilingFailure } from '../domain/filing-outcome';
import type { FilingPerson } from '../domain/filing-outcome';
import type { ApplicationRow, FieldCipher } from './kind-module';

export type PatientRow = typeof patients.$inferSelect;

/** An application with its patient, or undefined. */
export async function loadApplicationWithPatient(
  db: Database,
  applicationId: string
): Promise<{ application: ApplicationRow; patient: PatientRow } | undefined> {
  const [row] = await db
    .select({ application: applications, patient: patients })
    .from(applications)
    .innerJoin(patients, eq(patients.id, applications.patientId))
    .where(eq(applications.id, applicationId));
  return row;
}

/** The person part of any filing; the 1101 check must have run. */
export function filingPersonOf(application: ApplicationRow, patient: PatientRow, cipher: FieldCipher): FilingPerson {
  if (!application.insuredPersonNo || !application.insuranceType || !application.insuredAreaCode) {
    throw new FilingFailure('invalidData', 'the insured person has not been verified');
  }
  return {
    applicationNo: application.applicationNo,
    insuredPersonNo: application.insuredPersonNo,
    insuranceType: application.insuranceType,
    insuredAreaCode: application.insuredAreaCode,
    idNo: cipher.decrypt(patient.idNoEnc),
    name: cipher.decrypt(patient.nameEnc),
    phone: application.phoneEnc ? cipher.decrypt(application.phoneEnc) : undefined,
    address: application.addressEnc ? cipher.decrypt(application.addressEnc) : undefined,
    beginDate: application.beginDate,
    endDate: application.endDate ?? undefined,
    filingSn: application.filingSn ?? undefined,
    submittedAt: application.submittedAt
  };
}

/** The condition "still in progress" on the application row. */
export const applicationIsOpen = inArray(applications.status, [...openApplicationStatuses]);

/** A kind's rows of these applications (its details, its drug lines …), for the summaries of a list page. */
export async function rowsOfApplications<T extends PgTable & { applicationId: AnyPgColumn }>(
  db: Database,
  table: T,
  applicationIds: string[]
): Promise<T['$inferSelect'][]> {
  if (!applicationIds.length) return [];
  const source: PgTable = table;
  const rows: unknown[] = await db.select().from(source).where(inArray(table.applicationId, applicationIds));
  // drizzle types a select from a generic table loosely; the rows are the table's.
  return rows as T['$inferSelect'][];
}

/** The list filter "the application has a row of this kind's table with this value". */
export function hasKindRow(table: PgTable & { applicationId: AnyPgColumn }, column: AnyPgColumn, value: string): SQL {
  return sql`exists (select 1 from ${table} where ${table.applicationId} = ${applications.id} and ${column} = ${value})`;
}

/** The materials uploaded with an application, for the detail of a kind that takes them (content fetched on its own). */
export async function attachmentsOfApplication(db: Database, applicationId: string): Promise<AttachmentSummary[]> {
  const rows = await db
    .select({
      id: attachments.id,
      kind: attachments.kind,
      contentType: attachments.contentType,
      sizeBytes: attachments.sizeBytes,
      uploadedAt: attachments.uploadedAt
    })
    .from(attachments)
    .where(eq(attachments.applicationId, applicationId))
    .orderBy(attachments.uploadedAt);
  return rows.map(row => ({
    ...row,
    kindLabel: attachmentKindLabels[row.kind],
    uploadedAt: row.uploadedAt.toISOString()
  }));
}
