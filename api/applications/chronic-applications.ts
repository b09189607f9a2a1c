import type { Client } from '@temporalio/client';
import { and, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { SessionUser } from '../../domain/abilities';
import { applicationWorkflowId } from '../../domain/application';
import { applicationStatusLabels } from '../../domain/application-status';
import {
  applicationListFilterSchema,
  chronicApplicationDetailSchema,
  chronicApplicationSummarySchema,
  createChronicApplicationSchema,
  reviewApplicationSchema,
  type ApplicationListFilter,
  type CreateChronicApplication
} from '../../domain/chronic-application';
import { maskAddress, maskPhone } from '../../domain/masking';
import { medicationRecordsResponseSchema, type MedicationRecord } from '../../domain/review-context';
import { reviewDepartmentFor } from '../../domain/review-departments';
import type { FieldCrypto } from '../../crypto/field-encryption';
import { applications, chronicApplicationDetails, diseases, institutions, patients } from '../../db/schema';
import type { HisAdapter } from '../../his/his-adapter';
import { chronicApplication } from '../../workflows';
import type { ApplicationWorkflowSettings } from '../../workflows/messages';
import { applicationKeys } from '../../workflows/search-attributes';
import { attachToApplication } from '../attachments/attachments';
import { badRequest, conflict, notFound } from '../errors';
import type { ApiModule } from '../app';
import type { ApiRoutes } from '../route';
import {
  idParamsSchema,
  loadApplicationFor,
  registerApplicationActionRoutes,
  statusHistoryOf,
  type ApplicationActionDependencies
} from './application-actions';
import { applicationSummaryOf, commonApplicationFilters, reviewApplication } from './application-list';
import { nextApplicationNo } from './application-numbers';
import { applicationReadScope } from './application-scope';

export interface ChronicApplicationDependencies extends ApplicationActionDependencies {
  fieldCrypto: FieldCrypto;
  temporalClient: Client;
  taskQueue: string;
  workflowSettings: ApplicationWorkflowSettings;
  his: HisAdapter;
  /** Throws when a child's guardian or health-data consent is missing (security module). */
  assertApplicationConsent: (patientId: string) => Promise<void>;
  /** 5205 for the reviewing doctor. */
  medicationRecords: (input: {
    psnNo: string;
    insuplcAdmdvs: string;
    since: string;
    applicationNo: string;
  }) => Promise<MedicationRecord[]>;
}

const basePath = '/api/chronic-applications';
const tag = '门诊慢特病申请';

const createdSchema = z.object({ id: z.uuid(), applicationNo: z.string(), status: z.string() });
const listResponseSchema = z.object({
  items: z.array(chronicApplicationSummarySchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number()
});
const searchBodySchema = applicationListFilterSchema;

export function createChronicApplicationsModule(deps: ChronicApplicationDependencies): ApiModule {
  const { db, fieldCrypto } = deps;

  async function create(user: SessionUser, body: CreateChronicApplication) {
    const [patient] = await db
      .select()
      .from(patients)
      .where(and(eq(patients.id, body.patientId), eq(patients.accountId, user.accountId)));
    if (!patient) throw notFound('就诊人不存在');
    await deps.assertApplicationConsent(patient.id);
    const [disease] = await db.select().from(diseases).where(eq(diseases.code, body.diseaseCode));
    if (!disease?.valid) throw badRequest('所选病种不在有效的门诊慢特病病种目录中');
    const [institution] = await db.select().from(institutions).where(eq(institutions.code, body.institutionCode));
    if (!institution?.valid) throw badRequest('所选鉴定定点医药机构不存在或已停用');
    const pending = await db
      .select({ id: applications.id })
      .from(applications)
      .innerJoin(chronicApplicationDetails, eq(chronicApplicationDetails.applicationId, applications.id))
      .where(
        and(
          eq(applications.patientId, patient.id),
          eq(chronicApplicationDetails.diseaseCode, disease.code),
          sql`${applications.status} in ('submitted','under_review','filing','filing_failed','filed','no_decision')`
        )
      )
      .limit(1);
    if (pending.length) throw conflict('该就诊人已有同一病种的申请正在办理中', 'DUPLICATE_APPLICATION');

    const now = new Date();
    // The row and the workflow start commit together: if Temporal refuses, nothing is written.
    return db.transaction(async tx => {
      const applicationNo = await nextApplicationNo(tx, 'chronic', now);
      const workflowId = applicationWorkflowId('chronic', applicationNo);
      const [row] = await tx
        .insert(applications)
        .values({
          kind: 'chronic',
          applicationNo,
          applicantAccountId: user.accountId,
          patientId: patient.id,
          phoneEnc: fieldCrypto.encrypt(body.phone),
          addressEnc: fieldCrypto.encrypt(body.address),
          beginDate: body.beginDate,
          endDate: body.endDate,
          department: reviewDepartmentFor(disease.code),
          workflowId,
          submittedAt: now
        })
        .returning();
      if (!row) throw new Error('insert returned nothing');
      await attachToApplication(tx, user.accountId, row.id, body.attachmentIds);
      await tx.insert(chronicApplicationDetails).values({
        applicationId: row.id,
        diseaseCode: disease.code,
        diseaseName: disease.name,
        institutionCode: institution.code,
        institutionName: institution.name
      });
      await deps.temporalClient.workflow.start(chronicApplication, {
        workflowId,
        taskQueue: deps.taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [{ applicationId: row.id, applicationNo, kind: 'chronic', settings: deps.workflowSettings }],
        typedSearchAttributes: [
          { key: applicationKeys.applicationNo, value: applicationNo },
          { key: applicationKeys.applicationKind, value: 'chronic' },
          { key: applicationKeys.filingStatus, value: 'submitted' }
        ]
      });
      return { id: row.id, applicationNo, status: row.status };
    });
  }

  function filters(filter: ApplicationListFilter): SQL[] {
    const conditions = commonApplicationFilters(fieldCrypto, filter);
    if (filter.diseaseCode) conditions.push(eq(chronicApplicationDetails.diseaseCode, filter.diseaseCode));
    return conditions;
  }

  async function list(user: SessionUser, filter: ApplicationListFilter) {
    const where = and(eq(applications.kind, 'chronic'), applicationReadScope(user), ...filters(filter));
    const base = db
      .select({ application: applications, detail: chronicApplicationDetails, patient: patients })
      .from(applications)
      .innerJoin(chronicApplicationDetails, eq(chronicApplicationDetails.applicationId, applications.id))
      .innerJoin(patients, eq(patients.id, applications.patientId))
      .where(where);
    const [rows, [total]] = await Promise.all([
      base
        .orderBy(desc(applications.submittedAt), desc(applications.applicationNo))
        .limit(filter.pageSize)
        .offset((filter.page - 1) * filter.pageSize),
      db
        .select({ value: count() })
        .from(applications)
        .innerJoin(chronicApplicationDetails, eq(chronicApplicationDetails.applicationId, applications.id))
        .innerJoin(patients, eq(patients.id, applications.patientId))
        .where(where)
    ]);
    return {
      items: rows.map(({ application, detail, patient }) => ({
        ...applicationSummaryOf(application, patient),
        diseaseCode: detail.diseaseCode,
        diseaseName: detail.diseaseName
      })),
      total: total?.value ?? 0,
      page: filter.page,
      pageSize: filter.pageSize
    };
  }

  async function detail(user: SessionUser, id: string, ability: Parameters<typeof loadApplicationFor>[2]) {
    const application = await loadApplicationFor(db, user, ability, id, 'chronic', 'read');
    const [[detailRow], [patient], statusHistory] = await Promise.all([
      db.select().from(chronicApplicationDetails).where(eq(chronicApplicationDetails.applicationId, id)),
      db.select().from(patients).where(eq(patients.id, application.patientId)),
      statusHistoryOf(db, id)
    ]);
    if (!detailRow || !patient) throw notFound('申请单不存在');
    return {
      id: application.id,
      kind: application.kind,
      applicationNo: application.applicationNo,
      status: application.status,
      statusLabel: applicationStatusLabels[application.status],
      yibaoSyncStatus: application.yibaoSyncStatus,
      patientId: application.patientId,
      patientName: patient.nameMasked,
      patientIdNo: patient.idNoMasked,
      diseaseCode: detailRow.diseaseCode,
      diseaseName: detailRow.diseaseName,
      institutionCode: detailRow.institutionCode,
      institutionName: detailRow.institutionName,
      phone: application.phoneEnc ? maskPhone(fieldCrypto.decrypt(application.phoneEnc)) : '',
      address: application.addressEnc ? maskAddress(fieldCrypto.decrypt(application.addressEnc)) : '',
      beginDate: application.beginDate,
      endDate: application.endDate,
      hospIdeDate: detailRow.hospIdeDate,
      diagDrCodg: detailRow.diagDrCodg,
      diagDrName: detailRow.diagDrName,
      psnNo: application.psnNo,
      insutype: application.insutype,
      insuplcAdmdvs: application.insuplcAdmdvs,
      trtDclaDetlSn: application.filingSn,
      reviewDecision: application.reviewDecision,
      reviewOpinion: application.reviewOpinion,
      reviewerName: application.reviewerName,
      failureReason: application.failureReason,
      workflowId: application.workflowId,
      submittedAt: application.submittedAt.toISOString(),
      updatedAt: application.updatedAt.toISOString(),
      filedAt: application.filedAt?.toISOString() ?? null,
      decidedAt: application.decidedAt?.toISOString() ?? null,
      statusHistory
    };
  }

  function register(routes: ApiRoutes): void {
    routes.route({
      method: 'post',
      path: basePath,
      summary: '提交门诊慢特病申请',
      tags: [tag],
      access: { signedIn: 'patient', action: 'create', subject: 'Application' },
      body: createChronicApplicationSchema,
      response: createdSchema,
      successStatus: 201,
      errors: { 404: '就诊人不存在', 409: '同一病种已有办理中的申请，或未完成监护人同意' },
      handler: async ({ body, user }) => ({ status: 201, body: await create(user!, body) })
    });

    routes.route({
      method: 'get',
      path: basePath,
      summary: '门诊慢特病申请列表（按角色限定范围；姓名、身份证号建议用 search 接口以免出现在 URL 中）',
      tags: [tag],
      access: { signedIn: 'any', action: 'read', subject: 'Application' },
      query: applicationListFilterSchema,
      response: listResponseSchema,
      handler: async ({ query, user }) => ({ body: await list(user!, query) })
    });

    routes.route({
      method: 'post',
      path: `${basePath}/search`,
      summary: '门诊慢特病申请查询（条件放在请求体中，含姓名、身份证号盲索引查询）',
      tags: [tag],
      access: { signedIn: 'any', action: 'read', subject: 'Application' },
      body: searchBodySchema,
      response: listResponseSchema,
      handler: async ({ body, user }) => ({ body: await list(user!, body) })
    });

    routes.route({
      method: 'get',
      path: `${basePath}/:id`,
      summary: '门诊慢特病申请详情（含状态历史）',
      tags: [tag],
      access: { signedIn: 'any', action: 'read', subject: 'Application' },
      params: idParamsSchema,
      response: chronicApplicationDetailSchema,
      errors: { 404: '申请单不存在' },
      handler: async ({ params, user, ability }) => ({ body: await detail(user!, params.id, ability) })
    });

    routes.route({
      method: 'post',
      path: `${basePath}/:id/review`,
      summary: '医生审核（通过后自动报送医保 2503）',
      tags: [tag],
      access: { signedIn: 'staff', action: 'review', subject: 'Application' },
      params: idParamsSchema,
      body: reviewApplicationSchema,
      response: z.object({ id: z.uuid(), applicationNo: z.string(), status: z.string(), statusLabel: z.string() }),
      errors: { 404: '申请单不存在', 409: '不在审核阶段或已有审核结论' },
      handler: async ({ params, body, user, ability, request }) => ({
        body: await reviewApplication(deps, { user: user!, ability, request, id: params.id, kind: 'chronic', body })
      })
    });

    routes.route({
      method: 'get',
      path: `${basePath}/:id/medication-records`,
      summary: '参保人慢特病用药记录（医保 5205，供审核医生参考）',
      tags: [tag],
      access: { signedIn: 'staff', action: 'review', subject: 'Application' },
      params: idParamsSchema,
      response: medicationRecordsResponseSchema,
      errors: { 404: '申请单不存在', 409: '参保身份尚未核验' },
      handler: async ({ params, user, ability }) => {
        const row = await loadApplicationFor(db, user!, ability, params.id, 'chronic', 'review');
        if (!row.psnNo || !row.insuplcAdmdvs) throw conflict('参保身份尚未核验，暂不能查询用药记录');
        const since = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
        const items = await deps.medicationRecords({
          psnNo: row.psnNo,
          insuplcAdmdvs: row.insuplcAdmdvs,
          since,
          applicationNo: row.applicationNo
        });
        return { body: { items } };
      }
    });

    registerApplicationActionRoutes(routes, { basePath, kind: 'chronic', tag }, deps);
  }

  return { register };
}
