import type { SQL } from 'drizzle-orm';
import type { Database } from '../db/connection';
import type { applications } from '../db/schema';
import type { KindReviewFields } from '../domain/application';
import type { ApplicationKindDefinition } from '../domain/application-kinds/kind-definition';
import type { BureauFilingKey, FilingPerson, FilingReceipt } from '../domain/filing-outcome';
import type { YibaoClient } from '../yibao/client';

/**
 * The server side of an application kind: what it stores besides the shared application row, how it reads
 * that back for the API and for filing, its Yibao transactions and its documents. The generic paths of
 * api/applications/ and activities/ call only this; registering a module (registry.ts) adds a kind.
 */

export type ApplicationRow = typeof applications.$inferSelect;
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Field encryption as the kinds use it (crypto/field-encryption.ts). */
export interface FieldCipher {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
}

export interface KindServices {
  db: Database;
  cipher: FieldCipher;
}

/** Why a kind refuses to create an application: the API answers 400 and 409 respectively. */
export type CreationRefusal = { refused: 'invalid_reference' | 'duplicate'; message: string };

/** What a kind decides of a new application before anything is written. */
export interface PreparedApplication {
  /** The reviewing department (department review), or null (permission review). */
  department: string | null;
  phone?: string | undefined;
  address?: string | undefined;
  beginDate: string;
  endDate?: string | undefined;
  attachmentIds?: string[] | undefined;
  /** Writes the kind's own rows, in the transaction that writes the application row. */
  writeDetails(tx: Transaction, applicationId: string, at: Date): Promise<void>;
}

/** The doctor's decision as the projection stores it. */
export interface RecordedReview {
  applicationId: string;
  reviewerStaffNo: string;
  reviewerName: string;
  decision: 'approve' | 'reject';
  /** Named at review when the kind's review asks for a second doctor, looked up in the HIS. */
  secondDoctor?: { staffNo: string; name: string } | undefined;
  /** What the kind's review schema adds for the filing, as the doctor sent it (empty for kinds that add nothing). */
  kindFields: KindReviewFields;
}

/**
 * One application's filing, loaded with the kind's data: the kind's Yibao transactions bound to it. The
 * client's errors pass through as they are (they name their filing outcome themselves).
 */
export interface KindFiling {
  person: FilingPerson;
  /** 2503 / 2511 … */
  file(client: YibaoClient, attempt: number): Promise<FilingReceipt & { filingSn: string }>;
  /** 5301 / 5311 …: whether the bureau lists this filing among the approved, currently valid ones. */
  listedAsApproved(client: YibaoClient): Promise<boolean>;
  /** 2504 / 2512 … with the filing's serial number. */
  revoke(client: YibaoClient, filingSn: string, reason: string): Promise<void>;
  /** Whether a filing the bureau holds is this application's. */
  matches(key: BureauFilingKey): boolean;
}

/** Documents printed from the approved data before filing (the dual-channel e-form), kept per application. */
export interface KindDocuments {
  /** 双通道申请电子表格 */
  title: string;
  /** Download name before the application number, e.g. 双通道申请表. */
  fileTitle: string;
  /** Prints them unless the stored ones were printed from the same data. */
  generate(services: KindServices & { printer: HtmlPrinter }, applicationId: string): Promise<{ regenerated: boolean }>;
  /** The stored document in a format, or undefined before it is printed. */
  read(db: Database, applicationId: string, format: DocumentFormat): Promise<Buffer | undefined>;
  /** When they were printed, for the detail. */
  generatedAt(db: Database, applicationId: string): Promise<Date | undefined>;
  /** The 工号 of the doctors named on them (they may download them). */
  namedDoctors(db: Database, applicationId: string): Promise<string[]>;
}

export type DocumentFormat = 'pdf' | 'xlsx';

/** Prints an HTML page to PDF (one headless Chromium per worker, application-kinds/pdf-printer.ts). */
export interface HtmlPrinter {
  print(html: string): Promise<Buffer>;
}

/** The cross-kind list filters a kind answers (`listColumns` of its definition: what for, and where). */
export interface KindSearchFilter {
  subjectCode?: string | undefined;
  institutionCode?: string | undefined;
}

/** A listed application's kind part: its summary fields, and the two columns of the cross-kind lists. */
export interface KindSummary {
  fields: Record<string, unknown>;
  subject: string;
  institution: string;
}

export interface ApplicationKindModule {
  definition: ApplicationKindDefinition;
  /** Checks the body (already validated by `definition.schemas.create`) against the catalogues and open applications. */
  prepare(services: KindServices, patientId: string, body: unknown): Promise<PreparedApplication | CreationRefusal>;
  /** The kind's own list filters, as conditions on `applications`. */
  listConditions(filter: unknown): SQL[];
  /** The cross-kind filters (subject and institution codes), as conditions on `applications`. */
  searchConditions(filter: KindSearchFilter): SQL[];
  /** The kind's part of each listed application. */
  summaries(db: Database, applicationIds: string[]): Promise<Map<string, KindSummary>>;
  /** The kind's detail fields (personal data masked), or undefined when its rows are missing. */
  detail(services: KindServices, application: ApplicationRow): Promise<Record<string, unknown> | undefined>;
  /**
   * Checks what the review adds for the filing against the application before the decision is sent (the
   * limits name only the application's drugs …); a message refuses the review with 400.
   */
  checkReview?(db: Database, applicationId: string, fields: KindReviewFields): Promise<string | undefined>;
  /** Stores what the approval means for the filing (the diagnosing doctor, doctors 1 and 2 …). */
  recordReview(tx: Transaction, review: RecordedReview, at: Date, cipher: FieldCipher): Promise<void>;
  /** The application's filing with the kind's data; a FilingFailure('invalidData') when it is not complete. */
  loadFiling(services: KindServices, person: FilingPerson, applicationId: string): Promise<KindFiling>;
  /** Which bureau records the development simulator's view lists for this kind (yibao/bureau-view.ts). */
  bureauRecords: 'chronic' | 'dual-channel';
  documents?: KindDocuments | undefined;
}

/** A kind module written against its own body and filter types (its definition's schemas' outputs). */
export interface TypedApplicationKindModule<Create, Filter> extends Omit<
  ApplicationKindModule,
  'prepare' | 'listConditions'
> {
  prepare(services: KindServices, patientId: string, body: Create): Promise<PreparedApplication | CreationRefusal>;
  listConditions(filter: Filter): SQL[];
}

/**
 * Registers-ready form of a typed module. The generic routes parse the body and the filter with the
 * definition's own schemas before calling, so they are of the module's types here.
 */
export function defineApplicationKind<Create, Filter>(
  module: TypedApplicationKindModule<Create, Filter>
): ApplicationKindModule {
  return {
    ...module,
    prepare: (services, patientId, body) => module.prepare(services, patientId, body as Create),
    listConditions: filter => module.listConditions(filter as Filter)
  };
}
