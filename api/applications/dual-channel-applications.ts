import type { Client } from '@temporalio/client';
import type { Response } from 'express';
import { and, count, desc, eq, inArray, isNull, sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { SessionUser } from '../../domain/abilities';
import { applicationWorkflowId } from '../../domain/application';
import { chinaDate } from '../../domain/dates';
import {
  agentRelationLabels,
  createDualChannelApplicationSchema,
  dualChannelApplicationDetailSchema,
  dualChannelApplicationSummarySchema,
  dualChannelListFilterSchema,
  reviewDualChannelApplicationSchema,
  type CreateDualChannelApplication,
  type DualChannelListFilter
} from '../../domain/dual-channel-application';
import { maskAddress, maskIdNumber, maskName, maskPhone } from '../../domain/masking';
import type { FieldCrypto } from '../../crypto/field-encryption';
import {
  applications,
  dualChannelApplicationDetails,
  dualChannelApplicationDrugs,
  dualChannelApplicationInstitutions,
  dualChannelEforms,
  dualChannelInstitutions,
  patients,
  specialDrugs
} from '../../db/schema';
import type { HisAdapter } from '../../his/his-adapter';
import { dualChannelApplication } from '../../workflows';
import type { ApplicationWorkflowSettings } from '../../workflows/messages';
import { applicationKeys } from '../../workflows/search-attributes';
import { badRequest, conflict, notFound } from '../errors';
import type { ApiModule } from '../app';
import type { ApiRoutes } from '../route';
import {
  auditOf,
  idParamsSchema,
  loadApplicationFor,
  registerApplicationActionRoutes,
  statusHistoryOf,
  type ApplicationActionDependencies,
  type ApplicationRow
} from './application-actions';
import { applicationSummaryOf, commonApplicationFilters, reviewApplication } from './application-list';
import { nextApplicationNo } from './application-numbers';
import { registerHisVisitsRoute } from './his-visits';
import { applicationReadScope } from './application-scope';

export interface DualChannelApplicationDependencies extends ApplicationActionDependencies {
  fieldCrypto: FieldCrypto;
  temporalClient: Client;
  taskQueue: string;
  workflowSettings: ApplicationWorkflowSettings;
  his: HisAdapter;
  /** Throws when a child's guardian or health-data consent is missing (security module). */
  assertApplicationConsent: (patientId: string) => Promise<void>;
}

const basePath = '/api/dual-channel-applications';
const tag = '双通道特药申请';

/** Applications still in progress: a second one for the same drug is refused (the bureau would refuse it too). */
const openStatuses = sql`${applications.status} in ('submitted','under_review','filing','filing_failed','filed','no_decision')`;

const createdSchema = z.object({ id: z.uuid(), applicationNo: z.string(), status: z.string() });
const listResponseSchema = z.object({
  items: z.array(dualChannelApplicationSummarySchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number()
});

const eformFormats = {
  pdf: { column: 'pdf', contentType: 'application/pdf' },
  xlsx: {
    column: 'xlsx',
    contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
  }
} as const;

export function createDualChannelApplicationsModule(deps: DualChannelApplicationDependencies): ApiModule {
  const { db, fieldCrypto } = deps;
  const encryptOptional = (value: string | undefined) => (value ? fieldCrypto.encrypt(value) : null);
  const decryptOptional = (value: string | null) => (value ? fieldCrypto.decrypt(value) : null);

  async function create(user: SessionUser, body: CreateDualChannelApplication) {
    const [patient] = await db
      .select()
      .from(patients)
      .where(and(eq(patients.id, body.patientId), eq(patients.accountId, user.accountId), isNull(patients.unlinkedAt)));
    if (!patient) throw notFound('就诊人不存在');
    await deps.assertApplicationConsent(patient.id);
    const drugs = await db.select().from(specialDrugs).where(inArray(specialDrugs.code, body.drugCodes));
    const invalidDrugs = body.drugCodes.filter(code => !drugs.some(drug => drug.code === code && drug.valid));
    if (invalidDrugs.length) throw badRequest(`所选药品不在有效的双通道特药目录中：${invalidDrugs.join('、')}`);
    const institutions = await db
      .select()
      .from(dualChannelInstitutions)
      .where(inArray(dualChannelInstitutions.code, body.institutionCodes));
    const invalidInstitutions = body.institutionCodes.filter(
      code => !institutions.some(institution => institution.code === code && institution.valid)
    );
    if (invalidInstitutions.length) {
      throw badRequest(`所选双通道定点医药机构不存在或已停用：${invalidInstitutions.join('、')}`);
    }
    const pending = await db
      .select({ code: dualChannelApplicationDrugs.medListCodg })
      .from(applications)
      .innerJoin(dualChannelApplicationDrugs, eq(dualChannelApplicationDrugs.applicationId, applications.id))
      .where(
        and(
          eq(applications.patientId, patient.id),
          inArray(dualChannelApplicationDrugs.medListCodg, body.drugCodes),
          openStatuses
        )
      )
      .limit(1);
    if (pending.length) throw conflict('该就诊人已有同一药品的双通道申请正在办理中', 'DUPLICATE_APPLICATION');

    const now = new Date();
    const byCode = <T extends { code: string }>(rows: T[], code: string) => rows.find(row => row.code === code)!;
    // The rows and the workflow start commit together: if Temporal refuses, nothing is written.
    return db.transaction(async tx => {
      const applicationNo = await nextApplicationNo(tx, 'dual_channel', now);
      const workflowId = applicationWorkflowId('dual_channel', applicationNo);
      const [row] = await tx
        .insert(applications)
        .values({
          kind: 'dual_channel',
          applicationNo,
          applicantAccountId: user.accountId,
          patientId: patient.id,
          addressEnc: encryptOptional(body.agent?.addr),
          beginDate: body.beginDate,
          endDate: body.endDate,
          workflowId,
          submittedAt: now
        })
        .returning();
      if (!row) throw new Error('insert returned nothing');
      await tx.insert(dualChannelApplicationDetails).values({
        applicationId: row.id,
        appyDate: chinaDate(now),
        condAbstEnc: encryptOptional(body.condAbst),
        agentNameEnc: encryptOptional(body.agent?.name),
        agentCertType: body.agent?.certType ?? null,
        agentCertNoEnc: encryptOptional(body.agent?.certNo),
        agentTelEnc: encryptOptional(body.agent?.tel),
        agentRelation: body.agent?.relation ?? null,
        agentAddrEnc: encryptOptional(body.agent?.addr)
      });
      await tx.insert(dualChannelApplicationDrugs).values(
        body.drugCodes.map((code, position) => {
          const drug = byCode(drugs, code);
          return {
            applicationId: row.id,
            position,
            medListCodg: drug.code,
            medListName: drug.name,
            specification: drug.specification
          };
        })
      );
      await tx.insert(dualChannelApplicationInstitutions).values(
        body.institutionCodes.map((code, position) => {
          const institution = byCode(institutions, code);
          return {
            applicationId: row.id,
            position,
            fixmedinsCode: institution.code,
            fixmedinsName: institution.name,
            poolareaNo: institution.poolareaNo
          };
        })
      );
      await deps.temporalClient.workflow.start(dualChannelApplication, {
        workflowId,
        taskQueue: deps.taskQueue,
        workflowIdConflictPolicy: 'USE_EXISTING',
        args: [{ applicationId: row.id, applicationNo, kind: 'dual_channel', settings: deps.workflowSettings }],
        typedSearchAttributes: [
          { key: applicationKeys.applicationNo, value: applicationNo },
          { key: applicationKeys.applicationKind, value: 'dual_channel' },
          { key: applicationKeys.filingStatus, value: 'submitted' }
        ]
      });
      return { id: row.id, applicationNo, status: row.status };
    });
  }

  async function list(user: SessionUser, filter: DualChannelListFilter) {
    const conditions: SQL[] = commonApplicationFilters(fieldCrypto, filter);
    if (filter.drugCode) {
      conditions.push(
        sql`exists (select 1 from ${dualChannelApplicationDrugs} where ${dualChannelApplicationDrugs.applicationId} = ${applications.id} and ${dualChannelApplicationDrugs.medListCodg} = ${filter.drugCode})`
      );
    }
    const where = and(eq(applications.kind, 'dual_channel'), applicationReadScope(user), ...conditions);
    const [rows, [total]] = await Promise.all([
      db
        .select({ application: applications, patient: patients })
        .from(applications)
        .innerJoin(patients, eq(patients.id, applications.patientId))
        .where(where)
        .orderBy(desc(applications.submittedAt), desc(applications.applicationNo))
        .limit(filter.pageSize)
        .offset((filter.page - 1) * filter.pageSize),
      db
        .select({ value: count() })
        .from(applications)
        .innerJoin(patients, eq(patients.id, applications.patientId))
        .where(where)
    ]);
    const ids = rows.map(row => row.application.id);
    const drugs = ids.length
      ? await db
          .select()
          .from(dualChannelApplicationDrugs)
          .where(inArray(dualChannelApplicationDrugs.applicationId, ids))
          .orderBy(dualChannelApplicationDrugs.position)
      : [];
    return {
      items: rows.map(({ application, patient }) => ({
        ...applicationSummaryOf(application, patient),
        drugNames: drugs.filter(drug => drug.applicationId === application.id).map(drug => drug.medListName)
      })),
      total: total?.value ?? 0,
      page: filter.page,
      pageSize: filter.pageSize
    };
  }

  async function detailOf(application: ApplicationRow) {
    const id = application.id;
    const [[detail], drugs, institutions, [patient], [eform], statusHistory] = await Promise.all([
      db.select().from(dualChannelApplicationDetails).where(eq(dualChannelApplicationDetails.applicationId, id)),
      db
        .select()
        .from(dualChannelApplicationDrugs)
        .where(eq(dualChannelApplicationDrugs.applicationId, id))
        .orderBy(dualChannelApplicationDrugs.position),
      db
        .select()
        .from(dualChannelApplicationInstitutions)
        .where(eq(dualChannelApplicationInstitutions.applicationId, id))
        .orderBy(dualChannelApplicationInstitutions.position),
      db.select().from(patients).where(eq(patients.id, application.patientId)),
      db
        .select({ generatedAt: dualChannelEforms.generatedAt })
        .from(dualChannelEforms)
        .where(eq(dualChannelEforms.applicationId, id)),
      statusHistoryOf(db, id)
    ]);
    if (!detail || !patient) throw notFound('申请单不存在');
    const agentName = decryptOptional(detail.agentNameEnc);
    const agentAddr = decryptOptional(detail.agentAddrEnc);
    return {
      ...applicationSummaryOf(application, patient),
      drugNames: drugs.map(drug => drug.medListName),
      yibaoSyncStatus: application.yibaoSyncStatus,
      appyType: '32' as const,
      appyDate: detail.appyDate,
      beginDate: application.beginDate,
      endDate: application.endDate,
      condAbst: decryptOptional(detail.condAbstEnc),
      appyLmt: detail.appyLmt,
      drugs: drugs.map(drug => ({ code: drug.medListCodg, name: drug.medListName, specification: drug.specification })),
      institutions: institutions.map(institution => ({
        code: institution.fixmedinsCode,
        name: institution.fixmedinsName,
        poolareaNo: institution.poolareaNo
      })),
      agent: agentName
        ? {
            name: maskName(agentName),
            certType: detail.agentCertType ?? '',
            certNo: maskIdNumber(decryptOptional(detail.agentCertNoEnc) ?? ''),
            tel: maskPhone(decryptOptional(detail.agentTelEnc) ?? ''),
            relation: agentRelationLabels[detail.agentRelation ?? ''] ?? detail.agentRelation ?? '',
            addr: agentAddr ? maskAddress(agentAddr) : null
          }
        : null,
      doctor1:
        detail.doctor1StaffNo && detail.doctor1Name
          ? { staffNo: detail.doctor1StaffNo, name: detail.doctor1Name }
          : null,
      doctor2:
        detail.doctor2StaffNo && detail.doctor2Name
          ? { staffNo: detail.doctor2StaffNo, name: detail.doctor2Name }
          : null,
      psnNo: application.psnNo,
      insutype: application.insutype,
      insuplcAdmdvs: application.insuplcAdmdvs,
      twoPathRegSn: application.filingSn,
      reviewDecision: application.reviewDecision,
      reviewOpinion: application.reviewOpinion,
      reviewerName: application.reviewerName,
      failureReason: application.failureReason,
      workflowId: application.workflowId,
      eform: eform ? { generatedAt: eform.generatedAt.toISOString() } : null,
      filedAt: application.filedAt?.toISOString() ?? null,
      decidedAt: application.decidedAt?.toISOString() ?? null,
      statusHistory
    };
  }

  /**
   * The e-form goes to the patient who applied, the doctors named on it and admins; everyone else gets 404
   * (its existence is not revealed). Other doctors holding the grant review from the detail, not the sheet.
   */
  async function sendEform(user: SessionUser, id: string, format: keyof typeof eformFormats, response: Response) {
    const [row] = await db
      .select({ application: applications, detail: dualChannelApplicationDetails })
      .from(applications)
      .innerJoin(dualChannelApplicationDetails, eq(dualChannelApplicationDetails.applicationId, applications.id))
      .where(and(eq(applications.id, id), eq(applications.kind, 'dual_channel')));
    if (!row) throw notFound('申请单不存在');
    const { application, detail } = row;
    const allowed =
      user.roles.includes('admin') ||
      application.applicantAccountId === user.accountId ||
      (user.roles.includes('doctor') &&
        (application.reviewerAccountId === user.accountId ||
          (user.staffNo !== undefined &&
            (detail.doctor1StaffNo === user.staffNo || detail.doctor2StaffNo === user.staffNo))));
    if (!allowed) throw notFound('申请单不存在');
    const { column, contentType } = eformFormats[format];
    const [eform] = await db
      .select({ content: dualChannelEforms[column] })
      .from(dualChannelEforms)
      .where(eq(dualChannelEforms.applicationId, id));
    if (!eform) throw conflict('双通道申请电子表格尚未生成（医生审核通过后生成）', 'EFORM_NOT_READY');
    const filename = `双通道申请表-${application.applicationNo}.${format}`;
    response.status(200);
    response.setHeader('Content-Type', contentType);
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="${application.applicationNo}.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}`
    );
    response.setHeader('Cache-Control', 'no-store');
    response.end(eform.content);
  }

  function register(routes: ApiRoutes): void {
    routes.route({
      method: 'post',
      path: basePath,
      summary: '提交双通道特药申请（申请类型固定为32）',
      tags: [tag],
      access: { signedIn: 'patient', action: 'create', subject: 'Application' },
      body: createDualChannelApplicationSchema,
      response: createdSchema,
      successStatus: 201,
      errors: {
        404: '就诊人不存在',
        409: '同一药品已有办理中的申请',
        422: '未完成监护人同意'
      },
      handler: async ({ body, user }) => ({ status: 201, body: await create(user!, body) })
    });

    routes.route({
      method: 'get',
      path: basePath,
      summary: '双通道特药申请列表（按角色限定范围；姓名、身份证号建议用 search 接口以免出现在 URL 中）',
      tags: [tag],
      access: { signedIn: 'any', action: 'read', subject: 'Application' },
      query: dualChannelListFilterSchema,
      response: listResponseSchema,
      handler: async ({ query, user }) => ({ body: await list(user!, query) })
    });

    routes.route({
      method: 'post',
      path: `${basePath}/search`,
      summary: '双通道特药申请查询（条件放在请求体中，含姓名、身份证号盲索引查询）',
      tags: [tag],
      access: { signedIn: 'any', action: 'read', subject: 'Application' },
      body: dualChannelListFilterSchema,
      response: listResponseSchema,
      handler: async ({ body, user }) => ({ body: await list(user!, body) })
    });

    routes.route({
      method: 'get',
      path: `${basePath}/:id`,
      summary: '双通道特药申请详情（含状态历史；个人信息已脱敏）',
      tags: [tag],
      access: { signedIn: 'any', action: 'read', subject: 'Application' },
      params: idParamsSchema,
      response: dualChannelApplicationDetailSchema,
      errors: { 404: '申请单不存在' },
      handler: async ({ params, user, ability }) => ({
        body: await detailOf(await loadApplicationFor(db, user!, ability, params.id, 'dual_channel', 'read'))
      })
    });

    routes.route({
      method: 'post',
      path: `${basePath}/:id/review`,
      summary: '医生审核（须有双通道审核权限；通过后生成电子表格并报送医保 2511）',
      tags: [tag],
      access: { signedIn: 'staff', action: 'review', subject: 'Application' },
      params: idParamsSchema,
      body: reviewDualChannelApplicationSchema,
      response: z.object({ id: z.uuid(), applicationNo: z.string(), status: z.string(), statusLabel: z.string() }),
      errors: { 403: '没有双通道审核权限', 404: '申请单不存在', 409: '不在审核阶段或已有审核结论' },
      handler: async ({ params, body, user, ability, request }) => {
        let secondDoctor: { staffNo: string; staffName: string } | undefined;
        if (body.secondDoctorStaffNo && body.decision === 'approve') {
          if (body.secondDoctorStaffNo === user!.staffNo) throw badRequest('医师2不能与审核医师（医师1）为同一人');
          const doctor = await deps.his.getDoctor(body.secondDoctorStaffNo);
          if (!doctor?.active) throw badRequest('HIS 中未找到医师2的在职医生信息');
          secondDoctor = { staffNo: doctor.staffNo, staffName: doctor.name };
        }
        const { secondDoctorStaffNo: _second, ...review } = body;
        return {
          body: await reviewApplication(deps, {
            user: user!,
            ability,
            request,
            id: params.id,
            kind: 'dual_channel',
            body: review,
            secondDoctor
          })
        };
      }
    });

    for (const format of ['pdf', 'xlsx'] as const) {
      routes.route({
        method: 'get',
        path: `${basePath}/:id/eform.${format}`,
        summary: `下载双通道申请电子表格（${format.toUpperCase()}；申请人、审核医生、管理员）`,
        tags: [tag],
        access: { signedIn: 'any' },
        params: idParamsSchema,
        errors: { 404: '申请单不存在', 409: '电子表格尚未生成' },
        handler: async ({ params, user, request, response }) => {
          await sendEform(user!, params.id, format, response);
          await deps.audit(
            auditOf(user!, request, 'export', { type: 'application', id: params.id }, 'success', {
              document: `eform.${format}`
            })
          );
          return undefined;
        }
      });
    }

    registerApplicationActionRoutes(routes, { basePath, kind: 'dual_channel', tag }, deps);
    registerHisVisitsRoute(routes, { basePath, kind: 'dual_channel', tag }, deps);
  }

  return { register };
}
