import ExcelJS from 'exceljs';
import { and, asc, count, desc, eq, gte, inArray, lt, sql, type SQL } from 'drizzle-orm';
import type { SessionUser } from '../../domain/abilities';
import { applicationKindLabels } from '../../domain/application';
import { applicationStatusLabels } from '../../domain/application-status';
import {
  applicationExportFilterSchema,
  applicationExportLimit,
  applicationListPageSchema,
  applicationSearchFilterSchema,
  yibaoSyncStatusLabels,
  type ApplicationListRow,
  type ApplicationSearchFilter
} from '../../domain/application-search';
import type { FieldCrypto } from '../../crypto/field-encryption';
import type { Database } from '../../db/connection';
import {
  applications,
  chronicApplicationDetails,
  dualChannelApplicationDrugs,
  dualChannelApplicationInstitutions,
  patients
} from '../../db/schema';
import type { ApiModule } from '../app';
import type { AuditEntry } from '../audit';
import { applicationReadScope } from './application-scope';
import { auditOf } from './application-actions';

export interface ApplicationSearchDependencies {
  db: Database;
  fieldCrypto: FieldCrypto;
  audit: (entry: AuditEntry) => Promise<void>;
}

const tag = '申请单查询';

const drugNames = sql<string>`coalesce((select string_agg(${dualChannelApplicationDrugs.medListName}, '、' order by ${dualChannelApplicationDrugs.position}) from ${dualChannelApplicationDrugs} where ${dualChannelApplicationDrugs.applicationId} = ${applications.id}), '')`;
const dualInstitutionNames = sql<string>`coalesce((select string_agg(${dualChannelApplicationInstitutions.fixmedinsName}, '、' order by ${dualChannelApplicationInstitutions.position}) from ${dualChannelApplicationInstitutions} where ${dualChannelApplicationInstitutions.applicationId} = ${applications.id}), '')`;

const sortColumns = {
  submittedAt: applications.submittedAt,
  updatedAt: applications.updatedAt,
  filedAt: applications.filedAt,
  applicationNo: applications.applicationNo,
  status: applications.status
} as const;

/** China dates: `to` includes its whole day. */
const chinaDayStart = (date: string) => new Date(`${date}T00:00:00+08:00`);

/**
 * The console's lists of both kinds (filters, sorting, paging) and their XLSX export. Scoped in SQL like every
 * application read: a doctor sees the department's (and dual-channel ones with the grant), an admin all.
 */
export function createApplicationSearchModule(deps: ApplicationSearchDependencies): ApiModule {
  const { db, fieldCrypto } = deps;

  function conditions(user: SessionUser, filter: Omit<ApplicationSearchFilter, 'page' | 'pageSize'>): SQL[] {
    const where: SQL[] = [eq(applications.kind, filter.kind), applicationReadScope(user)];
    if (filter.statuses?.length) where.push(inArray(applications.status, filter.statuses));
    if (filter.yibaoSyncStatuses?.length) where.push(inArray(applications.yibaoSyncStatus, filter.yibaoSyncStatuses));
    if (filter.department) where.push(eq(applications.department, filter.department));
    if (filter.applicationNo) where.push(eq(applications.applicationNo, filter.applicationNo.toUpperCase()));
    if (filter.from) where.push(gte(applications.submittedAt, chinaDayStart(filter.from)));
    if (filter.to) where.push(lt(applications.submittedAt, new Date(chinaDayStart(filter.to).getTime() + 86_400_000)));
    if (filter.filedBefore) where.push(lt(applications.filedAt, new Date(filter.filedBefore)));
    if (filter.idNo) where.push(eq(patients.idNoBlind, fieldCrypto.blindIndex('id-number', filter.idNo)));
    if (filter.kind === 'chronic') {
      if (filter.subjectCode) where.push(eq(chronicApplicationDetails.diseaseCode, filter.subjectCode));
      if (filter.institutionCode) where.push(eq(chronicApplicationDetails.institutionCode, filter.institutionCode));
    } else {
      if (filter.subjectCode)
        where.push(
          sql`exists (select 1 from ${dualChannelApplicationDrugs} where ${dualChannelApplicationDrugs.applicationId} = ${applications.id} and ${dualChannelApplicationDrugs.medListCodg} = ${filter.subjectCode})`
        );
      if (filter.institutionCode)
        where.push(
          sql`exists (select 1 from ${dualChannelApplicationInstitutions} where ${dualChannelApplicationInstitutions.applicationId} = ${applications.id} and ${dualChannelApplicationInstitutions.fixmedinsCode} = ${filter.institutionCode})`
        );
    }
    return where;
  }

  async function rows(
    user: SessionUser,
    filter: Omit<ApplicationSearchFilter, 'page' | 'pageSize'>,
    limit: number,
    offset: number
  ): Promise<ApplicationListRow[]> {
    const column = sortColumns[filter.sort];
    const direction = filter.order === 'asc' ? asc : desc;
    const found = await db
      .select({
        application: applications,
        patientName: patients.nameMasked,
        patientIdNo: patients.idNoMasked,
        diseaseName: chronicApplicationDetails.diseaseName,
        chronicInstitution: chronicApplicationDetails.institutionName,
        drugNames: filter.kind === 'dual_channel' ? drugNames : sql<string>`''`,
        dualInstitutions: filter.kind === 'dual_channel' ? dualInstitutionNames : sql<string>`''`
      })
      .from(applications)
      .innerJoin(patients, eq(patients.id, applications.patientId))
      .leftJoin(chronicApplicationDetails, eq(chronicApplicationDetails.applicationId, applications.id))
      .where(and(...conditions(user, filter)))
      .orderBy(
        filter.sort === 'filedAt' ? sql`${column} ${sql.raw(filter.order)} nulls last` : direction(column),
        direction(applications.applicationNo)
      )
      .limit(limit)
      .offset(offset);
    return found.map(row => {
      const application = row.application;
      return {
        id: application.id,
        kind: application.kind,
        applicationNo: application.applicationNo,
        status: application.status,
        statusLabel: applicationStatusLabels[application.status],
        yibaoSyncStatus: application.yibaoSyncStatus,
        patientId: application.patientId,
        patientName: row.patientName,
        patientIdNo: row.patientIdNo,
        subject: application.kind === 'chronic' ? (row.diseaseName ?? '') : row.drugNames,
        department: application.department,
        institutionName: application.kind === 'chronic' ? (row.chronicInstitution ?? '') : row.dualInstitutions,
        reviewerName: application.reviewerName,
        failureReason: application.failureReason,
        submittedAt: application.submittedAt.toISOString(),
        updatedAt: application.updatedAt.toISOString(),
        filedAt: application.filedAt?.toISOString() ?? null
      };
    });
  }

  async function search(user: SessionUser, filter: ApplicationSearchFilter) {
    const [items, [total]] = await Promise.all([
      rows(user, filter, filter.pageSize, (filter.page - 1) * filter.pageSize),
      db
        .select({ value: count() })
        .from(applications)
        .innerJoin(patients, eq(patients.id, applications.patientId))
        .leftJoin(chronicApplicationDetails, eq(chronicApplicationDetails.applicationId, applications.id))
        .where(and(...conditions(user, filter)))
    ]);
    return { items, total: total?.value ?? 0, page: filter.page, pageSize: filter.pageSize };
  }

  async function workbook(items: ApplicationListRow[], kind: ApplicationSearchFilter['kind']): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    book.creator = '慢特病与双通道备案系统';
    const sheet = book.addWorksheet(applicationKindLabels[kind]);
    sheet.columns = [
      { header: '申请单号', key: 'applicationNo', width: 20 },
      { header: '状态', key: 'status', width: 22 },
      { header: '医保同步', key: 'sync', width: 16 },
      { header: '患者（脱敏）', key: 'patientName', width: 12 },
      { header: '身份证号（脱敏）', key: 'patientIdNo', width: 22 },
      { header: kind === 'chronic' ? '病种' : '药品', key: 'subject', width: 28 },
      { header: kind === 'chronic' ? '鉴定机构' : '双通道机构', key: 'institutionName', width: 28 },
      { header: '审核科室', key: 'department', width: 12 },
      { header: '审核医生', key: 'reviewerName', width: 10 },
      { header: '提交时间', key: 'submittedAt', width: 20 },
      { header: '报送时间', key: 'filedAt', width: 20 },
      { header: '失败原因', key: 'failureReason', width: 36 }
    ];
    const chinaTime = (iso: string | null) =>
      iso ? new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ') : '';
    for (const item of items) {
      sheet.addRow({
        ...item,
        status: item.statusLabel,
        sync: yibaoSyncStatusLabels[item.yibaoSyncStatus],
        department: item.department ?? '',
        reviewerName: item.reviewerName ?? '',
        submittedAt: chinaTime(item.submittedAt),
        filedAt: chinaTime(item.filedAt),
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
          '申请单列表（工作人员；状态、医保同步状态、病种/药品、科室、机构、日期、单号、身份证号筛选，排序分页）',
        tags: [tag],
        access: { signedIn: 'staff', action: 'read', subject: 'Application' },
        body: applicationSearchFilterSchema,
        response: applicationListPageSchema,
        handler: async ({ body, user }) => ({ body: await search(user!, body) })
      });

      routes.route({
        method: 'post',
        path: '/api/applications/export',
        summary: `按当前筛选条件导出申请单（XLSX，个人信息脱敏，最多 ${applicationExportLimit} 行，留审计记录）`,
        tags: [tag],
        access: { signedIn: 'staff', action: 'export', subject: 'Application' },
        body: applicationExportFilterSchema,
        errors: { 422: `超过 ${applicationExportLimit} 行，请缩小筛选范围` },
        handler: async ({ body, user, request, response }) => {
          const items = await rows(user!, body, applicationExportLimit + 1, 0);
          if (items.length > applicationExportLimit) {
            response.status(422).json({
              code: 'EXPORT_TOO_LARGE',
              message: `符合条件的申请单超过 ${applicationExportLimit} 份，请缩小筛选范围后再导出`
            });
            return undefined;
          }
          const content = await workbook(items, body.kind);
          await deps.audit(
            auditOf(user!, request, 'export', { type: 'application_list', id: body.kind }, 'success', {
              rows: items.length
            })
          );
          const filename = `${applicationKindLabels[body.kind]}申请单.xlsx`;
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
