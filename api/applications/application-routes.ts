import type { Response } from 'express';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ApplicationKindModule, DocumentFormat } from '../../application-kinds/kind-module';
import { applications } from '../../db/schema';
import type { SessionUser } from '../../domain/abilities';
import type { ApplicationListFilter, ApplicationReview } from '../../domain/application';
import { applicationStateSchema } from '../../domain/application-search';
import { chinaDate } from '../../domain/china-time';
import {
  medicationRecordPeriod,
  medicationRecordQuerySchema,
  medicationRecordsResponseSchema,
  type MedicationRecord
} from '../../domain/medication-record';
import type { HisAdapter } from '../../his/his-adapter';
import type { ApiModule } from '../app';
import { auditOf } from '../audit/audit-log';
import { badRequest, conflict, notFound } from '../errors';
import type { ApiRoutes } from '../route';
import {
  idParamsSchema,
  loadApplicationFor,
  registerApplicationActionRoutes,
  type ApplicationActionDependencies
} from './application-actions';
import { registerAttachmentsRoute } from './application-attachments';
import { reviewApplication } from './application-review';
import { createApplicationService, type ApplicationServiceDependencies } from './application-service';
import { registerTimelineRoute, type ApplicationTimelineDependencies } from './application-timeline';
import { registerHisVisitsRoute } from './his-visits';

export interface ApplicationRoutesDependencies
  extends ApplicationActionDependencies, ApplicationServiceDependencies, ApplicationTimelineDependencies {
  his: HisAdapter;
  /** 5205 for the reviewing doctor. */
  medicationRecords: (query: {
    insuredPersonNo: string;
    insuredAreaCode: string;
    from: string;
    to: string;
    applicationNo: string;
  }) => Promise<MedicationRecord[]>;
}

const createdSchema = z.object({ id: z.uuid(), applicationNo: z.string(), status: z.string() });

const documentContentTypes: Record<DocumentFormat, string> = {
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
};

/** The routes of one application kind under its path: the same verbs for every kind, its schemas and texts. */
export function createApplicationKindRoutes(
  kind: ApplicationKindModule,
  deps: ApplicationRoutesDependencies
): ApiModule {
  const { definition } = kind;
  const { apiPath: basePath, apiTag: tag, label, schemas } = definition;
  const service = createApplicationService(kind, deps);
  const listResponseSchema = z.object({
    items: z.array(schemas.summary),
    total: z.number(),
    page: z.number(),
    pageSize: z.number()
  });

  /**
   * Documents go to the patient who applied, the doctors who reviewed or are named on them and admins;
   * everyone else gets 404 (their existence is not revealed).
   */
  async function sendDocument(user: SessionUser, id: string, format: DocumentFormat, response: Response) {
    const documents = kind.documents!;
    const [application] = await deps.db
      .select()
      .from(applications)
      .where(and(eq(applications.id, id), eq(applications.kind, definition.id)));
    if (!application) throw notFound('申请单不存在');
    const named = await documents.namedDoctors(deps.db, id);
    const allowed =
      user.roles.includes('admin') ||
      application.applicantAccountId === user.accountId ||
      (user.roles.includes('doctor') &&
        (application.reviewerAccountId === user.accountId ||
          (user.staffNo !== undefined && named.includes(user.staffNo))));
    if (!allowed) throw notFound('申请单不存在');
    const content = await documents.read(deps.db, id, format);
    if (!content) throw conflict(`${documents.title}尚未生成（医生审核通过后生成）`, 'EFORM_NOT_READY');
    const filename = `${documents.fileTitle}-${application.applicationNo}.${format}`;
    response.status(200);
    response.setHeader('Content-Type', documentContentTypes[format]);
    response.setHeader(
      'Content-Disposition',
      `attachment; filename="${application.applicationNo}.${format}"; filename*=UTF-8''${encodeURIComponent(filename)}`
    );
    response.setHeader('Cache-Control', 'no-store');
    response.end(content);
  }

  function register(routes: ApiRoutes): void {
    routes.route({
      method: 'post',
      path: basePath,
      summary: `提交${label}申请`,
      tags: [tag],
      access: { signedIn: 'patient', action: 'create', subject: 'Application' },
      body: schemas.create,
      response: createdSchema,
      successStatus: 201,
      errors: {
        400: '所选目录项（病种、药品、机构）无效',
        404: '就诊人不存在',
        409: definition.duplicateMessage,
        422: '未完成监护人同意或健康信息授权'
      },
      handler: async ({ body, user }) => ({
        status: 201,
        body: await service.create(user!, body as { patientId: string })
      })
    });

    routes.route({
      method: 'get',
      path: basePath,
      summary: `${label}申请列表（按角色限定范围；姓名、身份证号建议用 search 接口以免出现在 URL 中）`,
      tags: [tag],
      access: { signedIn: 'any', action: 'read', subject: 'Application' },
      query: schemas.listFilter,
      response: listResponseSchema,
      handler: async ({ query, user }) => ({ body: await service.list(user!, query as ApplicationListFilter) })
    });

    routes.route({
      method: 'post',
      path: `${basePath}/search`,
      summary: `${label}申请查询（条件放在请求体中，含姓名、身份证号盲索引查询）`,
      tags: [tag],
      access: { signedIn: 'any', action: 'read', subject: 'Application' },
      body: schemas.listFilter,
      response: listResponseSchema,
      handler: async ({ body, user }) => ({ body: await service.list(user!, body as ApplicationListFilter) })
    });

    routes.route({
      method: 'get',
      path: `${basePath}/:id`,
      summary: `${label}申请详情（含状态历史；个人信息已脱敏）`,
      tags: [tag],
      access: { signedIn: 'any', action: 'read', subject: 'Application' },
      params: idParamsSchema,
      response: schemas.detail,
      errors: { 404: '申请单不存在' },
      handler: async ({ params, user, ability }) => ({
        body: await service.detail(await loadApplicationFor(deps.db, user!, ability, params.id, definition.id, 'read'))
      })
    });

    routes.route({
      method: 'post',
      path: `${basePath}/:id/review`,
      summary: definition.review.approvalSummary,
      tags: [tag],
      access: { signedIn: 'staff', action: 'review', subject: 'Application' },
      params: idParamsSchema,
      body: schemas.review,
      response: applicationStateSchema,
      errors: { 403: definition.review.deniedMessage, 404: '申请单不存在', 409: '不在审核阶段或已有审核结论' },
      handler: async ({ params, body, user, ability, request }) => ({
        body: await reviewApplication(
          definition,
          deps,
          { user: user!, ability, request, id: params.id, body: body as ApplicationReview },
          kind.checkReview && ((applicationId, fields) => kind.checkReview!(deps.db, applicationId, fields))
        )
      })
    });

    if (definition.medicationRecords) {
      routes.route({
        method: 'get',
        path: `${basePath}/:id/medication-records`,
        summary:
          '参保人用药记录（医保 5205，供审核医生参考）；from/to 为查询期间（含），默认近 365 天，每次不超过 366 天、近 5 年内',
        tags: [tag],
        access: { signedIn: 'staff', action: 'review', subject: 'Application' },
        params: idParamsSchema,
        query: medicationRecordQuerySchema,
        response: medicationRecordsResponseSchema,
        errors: { 400: '查询期间不正确', 404: '申请单不存在', 409: '参保身份尚未核验' },
        handler: async ({ params, query, user, ability }) => {
          const row = await loadApplicationFor(deps.db, user!, ability, params.id, definition.id, 'review');
          if (!row.insuredPersonNo || !row.insuredAreaCode) throw conflict('参保身份尚未核验，暂不能查询用药记录');
          const period = medicationRecordPeriod(query, chinaDate(new Date()));
          if ('refused' in period) throw badRequest(period.refused);
          const items = await deps.medicationRecords({
            insuredPersonNo: row.insuredPersonNo,
            insuredAreaCode: row.insuredAreaCode,
            ...period,
            applicationNo: row.applicationNo
          });
          return { body: { ...period, items } };
        }
      });
    }

    if (kind.documents) {
      const { title } = kind.documents;
      for (const format of ['pdf', 'xlsx'] as const) {
        routes.route({
          method: 'get',
          path: `${basePath}/:id/eform.${format}`,
          summary: `下载${title}（${format.toUpperCase()}；申请人、审核医生、管理员）`,
          tags: [tag],
          access: { signedIn: 'any' },
          params: idParamsSchema,
          errors: { 404: '申请单不存在', 409: `${title}尚未生成` },
          handler: async ({ params, user, request, response }) => {
            await sendDocument(user!, params.id, format, response);
            await deps.audit(
              auditOf(user!, request, 'export', { type: 'application', id: params.id }, 'success', {
                document: `eform.${format}`
              })
            );
            return undefined;
          }
        });
      }
    }

    registerApplicationActionRoutes(routes, { basePath, kind: definition.id, tag }, deps);
    registerTimelineRoute(routes, { basePath, tag, definition, documentsTitle: kind.documents?.title }, deps);
    registerAttachmentsRoute(routes, { basePath, kind: definition.id, tag }, deps);
    registerHisVisitsRoute(routes, { basePath, kind: definition.id, tag }, deps);
  }

  return { register };
}
