import type { Client } from '@temporalio/client';
import { and, eq, isNull } from 'drizzle-orm';
import type { ApplicationKindModule, ApplicationRow } from '../../application-kinds/kind-module';
import type { FieldCrypto } from '../../crypto/field-encryption';
import type { Database } from '../../db/connection';
import { applications, patients } from '../../db/schema';
import type { SessionUser } from '../../domain/abilities';
import { applicationWorkflowId, type ApplicationListFilter } from '../../domain/application';
import { applicationStatusLabels } from '../../domain/application-status';
import { applicationWorkflow } from '../../workflows';
import type { ApplicationWorkflowSettings } from '../../workflows/messages';
import { applicationKeys } from '../../workflows/search-attributes';
import { attachToApplication } from '../attachments/attachments';
import { badRequest, conflict, notFound } from '../errors';
import { statusHistoryOf } from './application-actions';
import { nextApplicationNo } from './application-numbers';
import { createApplicationQuery } from './application-search';

export interface ApplicationServiceDependencies {
  db: Database;
  fieldCrypto: FieldCrypto;
  temporalClient: Client;
  taskQueue: string;
  workflowSettings: ApplicationWorkflowSettings;
  /** Throws when a child's guardian or health-data consent is missing (security module). */
  assertApplicationConsent: (patientId: string) => Promise<void>;
}

/** The summary fields every kind shares; personal data masked. */
function summaryOf(application: ApplicationRow, patient: { nameMasked: string; idNoMasked: string }) {
  return {
    id: application.id,
    kind: application.kind,
    applicationNo: application.applicationNo,
    status: application.status,
    statusLabel: applicationStatusLabels[application.status],
    patientId: application.patientId,
    patientName: patient.nameMasked,
    patientIdNo: patient.idNoMasked,
    submittedAt: application.submittedAt.toISOString(),
    updatedAt: application.updatedAt.toISOString()
  };
}

/** Create, list and detail of one kind's applications: the shared row here, the kind's part from its module. */
export function createApplicationService(kind: ApplicationKindModule, deps: ApplicationServiceDependencies) {
  const { db, fieldCrypto } = deps;
  const services = { db, cipher: fieldCrypto };
  const query = createApplicationQuery(db, fieldCrypto);
  const { definition } = kind;

  async function create(user: SessionUser, body: { patientId: string }) {
    // A person the account unlinked stays for the applications already made, never for new ones.
    const [patient] = await db
      .select()
      .from(patients)
      .where(and(eq(patients.id, body.patientId), eq(patients.accountId, user.accountId), isNull(patients.unlinkedAt)));
    if (!patient) throw notFound('就诊人不存在');
    await deps.assertApplicationConsent(patient.id);
    const prepared = await kind.prepare(services, patient.id, body);
    if ('refused' in prepared) {
      throw prepared.refused === 'duplicate'
        ? conflict(prepared.message, 'DUPLICATE_APPLICATION')
        : badRequest(prepared.message);
    }
    const now = new Date();
    // The rows and the workflow start commit together: if Temporal refuses, nothing is written.
    return db.transaction(async tx => {
      const applicationNo = await nextApplicationNo(tx, definition.applicationNoPrefix, now);
      const workflowId = applicationWorkflowId(definition, applicationNo);
      const [row] = await tx
        .insert(applications)
        .values({
          kind: definition.id,
          applicationNo,
          applicantAccountId: user.accountId,
          patientId: patient.id,
          phoneEnc: prepared.phone ? fieldCrypto.encrypt(prepared.phone) : null,
          addressEnc: prepared.address ? fieldCrypto.encrypt(prepared.address) : null,
          beginDate: prepared.beginDate,
          endDate: prepared.endDate,
          department: prepared.department,
          workflowId,
          submittedAt: now
        })
        .returning();
      if (!row) throw new Error('insert returned nothing');
      await attachToApplication(tx, user.accountId, row.id, prepared.attachmentIds);
      await prepared.writeDetails(tx, row.id, now);
      await deps.temporalClient.workflow.start(applicationWorkflow, {
        workflowId,
        taskQueue: deps.taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [
          {
            applicationId: row.id,
            settings: deps.workflowSettings,
            documentsBeforeFiling: definition.documentsBeforeFiling
          }
        ],
        typedSearchAttributes: [
          { key: applicationKeys.applicationNo, value: applicationNo },
          { key: applicationKeys.applicationKind, value: definition.id },
          { key: applicationKeys.filingStatus, value: 'submitted' }
        ]
      });
      return { id: row.id, applicationNo, status: row.status };
    });
  }

  /** The kind's list: the query every list shares, with the kind's own filters and summary fields. */
  async function list(user: SessionUser, filter: ApplicationListFilter) {
    const { rows, total } = await query.list(
      user,
      [kind],
      filter,
      { limit: filter.pageSize, offset: (filter.page - 1) * filter.pageSize, counted: true },
      () => kind.listConditions(filter)
    );
    return {
      items: rows.map(row => ({ ...summaryOf(row.application, row.patient), ...row.kind?.fields })),
      total,
      page: filter.page,
      pageSize: filter.pageSize
    };
  }

  async function detail(application: ApplicationRow) {
    const [[patient], statusHistory, kindFields] = await Promise.all([
      db.select().from(patients).where(eq(patients.id, application.patientId)),
      statusHistoryOf(db, application.id),
      kind.detail(services, application)
    ]);
    if (!patient || !kindFields) throw notFound('申请单不存在');
    return {
      ...summaryOf(application, patient),
      yibaoSyncStatus: application.yibaoSyncStatus,
      beginDate: application.beginDate,
      endDate: application.endDate,
      insuredPersonNo: application.insuredPersonNo,
      insuranceType: application.insuranceType,
      insuredAreaCode: application.insuredAreaCode,
      filingSn: application.filingSn,
      reviewDecision: application.reviewDecision,
      reviewOpinion: application.reviewOpinion,
      reviewerName: application.reviewerName,
      failureReason: application.failureReason,
      workflowId: application.workflowId,
      filedAt: application.filedAt?.toISOString() ?? null,
      decidedAt: application.decidedAt?.toISOString() ?? null,
      statusHistory,
      ...kindFields
    };
  }

  return { create, list, detail };
}
