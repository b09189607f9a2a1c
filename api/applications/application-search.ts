import ExcelJS from 'exceljs';
import { and, asc, count, desc, eq, gte, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import type {
  ApplicationKindModule,
  ApplicationRow,
  KindSearchFilter,
  KindSummary
} from '../../application-kinds/kind-module';
import type { FieldCrypto } from '../../crypto/field-encryption';
import type { Database } from '../../db/connection';
import { applications, patients } from '../../db/schema';
import type { SessionUser } from '../../domain/abilities';
import type { YibaoSyncStatus } from '../../domain/application';
import { applicationKindLabel } from '../../domain/application-kinds/registry';
import { applicationStatusLabels, type ApplicationStatus } from '../../domain/application-status';
import {
  applicationExportFilterSchema,
  applicationExportLimit,
  applicationListPageSchema,
  applicationSearchFilterSchema,
  yibaoSyncStatusLabels,
  type ApplicationListRow,
  type applicationSortFields
} from '../../domain/application-search';
import { chinaDateTime, chinaDayRange } from '../../domain/china-time';
import type { ApiModule } from '../app';
import { auditOf, type AuditEntry } from '../audit/audit-log';
import { badRequest } from '../errors';
import { applicationReadScope } from './application-scope';

/**
 * Every filter the application lists take: a kind's own list (`GET|POST /api/{kind}-applications[/search]`)
 * and the console's cross-kind search share one query, so a filter means the same everywhere.
 */
export interface ApplicationQueryFilter extends KindSearchFilter {
  status?: ApplicationStatus | undefined;
  statuses?: ApplicationStatus[] | undefined;
  yibaoSyncStatuses?: YibaoSyncStatus[] | undefined;
  department?: string | undefined;
  applicationNo?: string | undefined;
  /** Submitted on or after / on or before these China dates. */
  from?: string | undefined;
  to?: string | undefined;
  /** Filed with the bureau before this instant (awaiting a decision for too long). */
  filedBefore?: string | undefined;
  /** Matched through the blind indexes. */
  idNo?: string | undefined;
  patientName?: string | undefined;
  sort?: (typeof applicationSortFields)[number] | undefined;
  order?: 'asc' | 'desc' | undefined;
}

/** A listed application: its row, its patient's masked name and ID number, its kind's part. */
export interface ListedApplication {
  application: ApplicationRow;
  patient: { nameMasked: string; idNoMasked: string };
  kind: KindSummary | undefined;
}

const sortColumns = {
  submittedAt: applications.submittedAt,
  updatedAt: applications.updatedAt,
  filedAt: applications.filedAt,
  applicationNo: applications.applicationNo,
  status: applications.status
} as const;

/**
 * The one application list query: scoped in SQL like every application read (a doctor sees the
 * department's, and a grant's kinds; an admin all), filtered, sorted and paged, each row completed by its
 * kind's module. `kindConditions` gives each kind's own filters (default: the cross-kind subject and
 * institution codes).
 */
export function createApplicationQuery(db: Database, fieldCrypto: FieldCrypto) {
  function where(
    user: SessionUser,
    kinds: ApplicationKindModule[],
    filter: ApplicationQueryFilter,
    kindConditions: (kind: ApplicationKindModule) => SQL[]
  ): SQL | undefined {
    const conditions: SQL[] = [applicationReadScope(user)];
    const perKind = kinds.map(kind => and(eq(applications.kind, kind.definition.id), ...kindConditions(kind))!);
    conditions.push(perKind.length === 1 ? perKind[0]! : (or(...perKind) ?? sql`false`));
    const statuses = [...(filter.status ? [filter.status] : []), ...(filter.statuses ?? [])];
    if (statuses.length) conditions.push(inArray(applications.status, statuses));
    if (filter.yibaoSyncStatuses?.length)
      conditions.push(inArray(applications.yibaoSyncStatus, filter.yibaoSyncStatuses));
    if (filter.department) conditions.push(eq(applications.department, filter.department));
    if (filter.applicationNo) conditions.push(eq(applications.applicationNo, filter.applicationNo.toUpperCase()));
    const range = chinaDayRange(filter);
    if (range.from) conditions.push(gte(applications.submittedAt, range.from));
    if (range.to) conditions.push(lt(applications.submittedAt, range.to));
    if (filter.filedBefore) conditions.push(lt(applications.filedAt, new Date(filter.filedBefore)));
    if (filter.idNo) conditions.push(eq(patients.idNoBlind, fieldCrypto.blindIndex('id-number', filter.idNo)));
    if (filter.patientName) conditions.push(eq(patients.nameBlind, fieldCrypto.blindIndex('name', filter.patientName)));
    return and(...conditions);
  }

  async function list(
    user: SessionUser,
    kinds: ApplicationKindModule[],
    filter: ApplicationQueryFilter,
    page: { limit: number; offset: number; counted: boolean },
    kindConditions: (kind: ApplicationKindModule) => SQL[] = kind => kind.searchConditions(filter)
  ): Promise<{ rows: ListedApplication[]; total: number }> {
    const condition = where(user, kinds, filter, kindConditions);
    const order = filter.order ?? 'desc';
    const direction = order === 'asc' ? asc : desc;
    const sort = filter.sort ?? 'submittedAt';
    const [found, [total]] = await Promise.all([
      db
        .select({
          application: applications,
          patient: { nameMasked: patients.nameMasked, idNoMasked: patients.idNoMasked }
        })
        .from(applications)
        .innerJoin(patients, eq(patients.id, applications.patientId))
        .where(condition)
        .orderBy(
          sort === 'filedAt' ? sql`${applications.filedAt} ${sql.raw(order)} nulls last` : direction(sortColumns[sort]),
          direction(applications.applicationNo)
        )
        .limit(page.limit)
        .offset(page.offset),
      page.counted
        ? db
            .select({ value: count() })
            .from(applications)
            .innerJoin(patients, eq(patients.id, applications.patientId))
            .where(condition)
        : Promise.resolve([])
    ]);
    const summaries = new Map<string, KindSummary>();
    await Promise.all(
      kinds.map(async kind => {
        const ids = found.filter(row => row.application.kind === kind.definition.id).map(row => row.application.id);
        if (!ids.length) return;
        for (const [id, summary] of await kind.summaries(db, ids)) summaries.set(id, summary);
      })
    );
    return {
      rows: found.map(row => ({ ...row, kind: summaries.get(row.application.id) })),
      total: total?.value ?? found.length
    };
  }

  return { list };
}

export type ApplicationQuery = ReturnType<typeof createApplicationQuery>;

/** The console's row of a listed application: personal data masked. */
export function listRowOf({ application, patient, kind }: ListedApplication): ApplicationListRow {
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
    subject: kind?.subject ?? '',
    department: application.department,
    institutionName: kind?.institution ?? '',
    reviewerName: application.reviewerName,
    failureReason: application.failureReason,
    submittedAt: application.submittedAt.toISOString(),
    updatedAt: application.updatedAt.toISOString(),
    filedAt: application.filedAt?.toISOString() ?? null
  };
}

export interface ApplicationSearchDependencies {
  db: Database;
  fieldCrypto: FieldCrypto;
  audit: (entry: AuditEntry) => Promise<void>;
  /** The registered kinds (application-kinds/registry.ts). */
  kinds: () => ApplicationKindModule[];
}

const tag = '申请单查询';

/**
 * The console's lists across the registered kinds (`POST /api/applications/search`) and their XLSX export,
 * on the same query as each kind's own list.
 */
export function createApplicationSearchModule(deps: ApplicationSearchDependencies): ApiModule {
  const query = createApplicationQuery(deps.db, deps.fieldCrypto);

  /** The kinds a filter names: one registered kind, or all of them. */
  function kindsOf(kind: string | undefined): ApplicationKindModule[] {
    const all = deps.kinds();
    if (kind === undefined) return all;
    const found = all.filter(module => module.definition.id === kind);
    if (!found.length) throw badRequest('申请类别不存在');
    return found;
  }

  async function workbook(items: ApplicationListRow[], kinds: ApplicationKindModule[]): Promise<Buffer> {
    const columnTitle = (pick: (kind: ApplicationKindModule) => string) => [...new Set(kinds.map(pick))].join('/');
    const book = new ExcelJS.Workbook();
    book.creator = '慢特病与双通道备案系统';
    const sheet = book.addWorksheet(kinds.length === 1 ? kinds[0]!.definition.label : '全部申请');
    sheet.columns = [
      { header: '申请单号', key: 'applicationNo', width: 20 },
      { header: '申请类别', key: 'kind', width: 12 },
      { header: '状态', key: 'status', width: 22 },
      { header: '医保同步', key: 'sync', width: 16 },
      { header: '患者（脱敏）', key: 'patientName', width: 12 },
      { header: '身份证号（脱敏）', key: 'patientIdNo', width: 22 },
      { header: columnTitle(kind => kind.definition.listColumns.subject), key: 'subject', width: 28 },
      { header: columnTitle(kind => kind.definition.listColumns.institution), key: 'institutionName', width: 28 },
      { header: '审核科室', key: 'department', width: 12 },
      { header: '审核医生', key: 'reviewerName', width: 10 },
      { header: '提交时间', key: 'submittedAt', width: 20 },
      { header: '报送时间', key: 'filedAt', width: 20 },
      { header: '失败原因', key: 'failureReason', width: 36 }
    ];
    for (const item of items) {
      sheet.addRow({
        ...item,
        kind: applicationKindLabel(item.kind),
        status: item.statusLabel,
        sync: yibaoSyncStatusLabels[item.yibaoSyncStatus],
        department: item.department ?? '',
        reviewerName: item.reviewerName ?? '',
        submittedAt: chinaDateTime(new Date(item.submittedAt)),
        filedAt: item.filedAt ? chinaDateTime(new Date(item.filedAt)) : '',
        failureReason: item.failureReason ?? ''
      });
    }
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  return {
    register(routes) {
      routes.route({
        method: 'post',
        path: '/api/applications/search',
        summary:
          '申请单列表（工作人员；一个或全部申请类别；状态、医保同步状态、病种/药品、科室、机构、日期、单号、身份证号筛选，排序分页）',
        tags: [tag],
        access: { signedIn: 'staff', action: 'read', subject: 'Application' },
        body: applicationSearchFilterSchema,
        response: applicationListPageSchema,
        errors: { 400: '申请类别不存在' },
        handler: async ({ body, user }) => {
          const { rows, total } = await query.list(user!, kindsOf(body.kind), body, {
            limit: body.pageSize,
            offset: (body.page - 1) * body.pageSize,
            counted: true
          });
          return { body: { items: rows.map(listRowOf), total, page: body.page, pageSize: body.pageSize } };
        }
      });

      routes.route({
        method: 'post',
        path: '/api/applications/export',
        summary: `按当前筛选条件导出申请单（XLSX，个人信息脱敏，最多 ${applicationExportLimit} 行，留审计记录）`,
        tags: [tag],
        access: { signedIn: 'staff', action: 'export', subject: 'Application' },
        body: applicationExportFilterSchema,
        errors: { 400: '申请类别不存在', 422: `超过 ${applicationExportLimit} 行，请缩小筛选范围` },
        handler: async ({ body, user, request, response }) => {
          const kinds = kindsOf(body.kind);
          const { rows } = await query.list(user!, kinds, body, {
            limit: applicationExportLimit + 1,
            offset: 0,
            counted: false
          });
          if (rows.length > applicationExportLimit) {
            response.status(422).json({
              code: 'EXPORT_TOO_LARGE',
              message: `符合条件的申请单超过 ${applicationExportLimit} 份，请缩小筛选范围后再导出`
            });
            return undefined;
          }
          const content = await workbook(rows.map(listRowOf), kinds);
          await deps.audit(
            auditOf(user!, request, 'export', { type: 'application_list', id: body.kind ?? null }, 'success', {
              rows: rows.length
            })
          );
          const filename = `${kinds.length === 1 ? kinds[0]!.definition.label : '全部'}申请单.xlsx`;
          response.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
          response.setHeader(
            'Content-Disposition',
            `attachment; filename="applications.xlsx"; filename*=UTF-8''${encodeURIComponent(filename)}`
          );
          response.end(content);
          return undefined;
        }
      });
    }
  };
}
