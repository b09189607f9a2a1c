/**
 * Routes of the audit duty (auditor) and the security duty (secadmin): the audit trail and its verification,
 * access grants to minors' records, and the yearly minors' data report (未成年人网络保护条例 Art. 37).
 */
import { and, count, countDistinct, desc, eq, gte, inArray, isNotNull, isNull, lt, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import type { DatabaseHandle } from '../../db/connection';
import {
  applications,
  auditLogs,
  minorAccessGrants,
  minorAccessLogs,
  minorAccessPurposes,
  patientConsents,
  patients,
  userAccounts
} from '../../db/schema';
import type { SessionUser } from '../../domain/abilities';
import {
  auditTargetTypeOf,
  auditPageSchema,
  auditVerificationSchema,
  minorAccessGrantSchema as grantSchema,
  minorsReportSchema
} from '../../domain/audit';
import { chinaDayRange } from '../../domain/china-time';
import { childAgeLimit, isMinor, minorAgeLimit } from '../../domain/consent';
import type { ApiModule } from '../app';
import { conflict, forbidden, notFound, unauthorized, ApiError } from '../errors';
import { today } from '../patients/consent';
import type { ApiRoutes } from '../route';
import {
  appendAudit,
  auditActions,
  auditOf,
  auditTargetSpellings,
  verifyAuditChain,
  type AuditAction,
  type AuditTargetType
} from './audit-log';

export interface AuditModuleDependencies {
  database: DatabaseHandle;
  now?: () => Date;
}

function signedIn(user: SessionUser | undefined): SessionUser {
  if (!user) throw unauthorized();
  return user;
}

/** [1 January, next 1 January) of a year in China Standard Time. */
function yearRange(year: number): { from: Date; to: Date } {
  const { from, to } = chinaDayRange({ from: `${year}-01-01`, to: `${year}-12-31` });
  return { from: from!, to: to! };
}

export function createAuditModule(deps: AuditModuleDependencies): ApiModule {
  const db = deps.database.db;
  const now = deps.now ?? (() => new Date());

  const audit = (
    user: SessionUser,
    ip: string | undefined,
    action: AuditAction,
    target: { type: AuditTargetType; id: string | null },
    detail: Record<string, unknown>
  ) => appendAudit(db, auditOf(user, { ip }, action, target, 'success', detail), now());

  const staffName = alias(userAccounts, 'staff');
  const grantQuery = () =>
    db
      .select({ grant: minorAccessGrants, staffName: staffName.displayName, patientName: patients.nameMasked })
      .from(minorAccessGrants)
      .innerJoin(staffName, eq(staffName.id, minorAccessGrants.staffAccountId))
      .innerJoin(patients, eq(patients.id, minorAccessGrants.patientId));
  const grantView = (row: Awaited<ReturnType<typeof grantQuery>>[number]): z.infer<typeof grantSchema> => ({
    id: row.grant.id,
    staffAccountId: row.grant.staffAccountId,
    staffName: row.staffName,
    patientId: row.grant.patientId,
    patientName: row.patientName,
    purpose: row.grant.purpose,
    reason: row.grant.reason,
    requestedAt: row.grant.requestedAt.toISOString(),
    approvedAt: row.grant.approvedAt?.toISOString() ?? null,
    validUntil: row.grant.validUntil.toISOString()
  });

  /**
   * Readable names for a page of audit rows, so nobody reads raw ids: staff accounts by name and staff number
   * or username, applications by their number. Patients' names are never resolved here.
   */
  async function actorAndTargetNames(
    rows: { actorAccountId: string | null; targetType: string | null; targetId: string | null }[]
  ): Promise<Map<string, string>> {
    const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const accountIds = new Set<string>();
    const applicationIds = new Set<string>();
    for (const row of rows) {
      if (row.actorAccountId) accountIds.add(row.actorAccountId);
      if (!row.targetId || !uuid.test(row.targetId)) continue;
      const type = row.targetType ? auditTargetTypeOf(row.targetType) : undefined;
      if (type === 'application') applicationIds.add(row.targetId);
      else if (type === 'user_account' || type === 'doctor') accountIds.add(row.targetId);
    }
    const names = new Map<string, string>();
    if (accountIds.size) {
      const accounts = await db
        .select({
          id: userAccounts.id,
          kind: userAccounts.kind,
          displayName: userAccounts.displayName,
          staffNo: userAccounts.staffNo,
          username: userAccounts.username
        })
        .from(userAccounts)
        .where(inArray(userAccounts.id, [...accountIds]));
      for (const account of accounts) {
        const label =
          account.kind === 'patient'
            ? '患者账号'
            : `${account.displayName}（${account.staffNo ?? account.username ?? '员工'}）`;
        names.set(account.id, label);
      }
    }
    if (applicationIds.size) {
      const found = await db
        .select({ id: applications.id, applicationNo: applications.applicationNo })
        .from(applications)
        .where(inArray(applications.id, [...applicationIds]));
      for (const application of found) names.set(application.id, `申请单 ${application.applicationNo}`);
    }
    return names;
  }

  const register = (routes: ApiRoutes): void => {
    routes.route({
      method: 'get',
      path: '/api/audit-logs',
      summary: '审计日志（分页、筛选）',
      tags: ['审计'],
      access: { signedIn: 'staff', action: 'read', subject: 'AuditLog' },
      query: z.object({
        page: z.coerce.number().int().min(1).max(100_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(200).default(50),
        action: z.enum(auditActions).optional(),
        outcome: z.enum(['success', 'failure', 'denied']).optional(),
        actorAccountId: z.uuid().optional(),
        targetType: z
          .string()
          .max(64)
          .optional()
          .describe('目标类型（如 application、user_account、patient）；旧写法的记录一并查出'),
        targetId: z.string().max(64).optional(),
        from: z.iso.datetime({ offset: true }).optional(),
        to: z.iso.datetime({ offset: true }).optional()
      }),
      response: auditPageSchema,
      handler: async ({ query }) => {
        const conditions: SQL[] = [];
        if (query.action) conditions.push(eq(auditLogs.action, query.action));
        if (query.outcome) conditions.push(eq(auditLogs.outcome, query.outcome));
        if (query.actorAccountId) conditions.push(eq(auditLogs.actorAccountId, query.actorAccountId));
        if (query.targetType) conditions.push(inArray(auditLogs.targetType, auditTargetSpellings(query.targetType)));
        if (query.targetId) conditions.push(eq(auditLogs.targetId, query.targetId));
        if (query.from) conditions.push(gte(auditLogs.at, new Date(query.from)));
        if (query.to) conditions.push(lt(auditLogs.at, new Date(query.to)));
        const where = conditions.length ? and(...conditions) : undefined;
        const [rows, [total]] = await Promise.all([
          db
            .select()
            .from(auditLogs)
            .where(where)
            .orderBy(desc(auditLogs.id))
            .limit(query.pageSize)
            .offset((query.page - 1) * query.pageSize),
          db.select({ n: count() }).from(auditLogs).where(where)
        ]);
        const names = await actorAndTargetNames(rows);
        return {
          body: {
            items: rows.map(({ prevHash: _prevHash, ...row }) => ({
              ...row,
              at: row.at.toISOString(),
              actorName: row.actorAccountId ? (names.get(row.actorAccountId) ?? null) : null,
              targetLabel: row.targetId ? (names.get(row.targetId) ?? null) : null
            })),
            total: total?.n ?? 0,
            page: query.page,
            pageSize: query.pageSize
          }
        };
      }
    });

    routes.route({
      method: 'post',
      path: '/api/audit-logs/verify',
      summary: '校验审计日志哈希链（SM3）',
      tags: ['审计'],
      access: { signedIn: 'staff', action: 'verify', subject: 'AuditLog' },
      response: auditVerificationSchema,
      handler: async ({ user, request }) => {
        const result = await verifyAuditChain(db);
        await audit(signedIn(user), request.ip, 'audit_verify', { type: 'audit_log', id: null }, { ...result });
        return { body: result };
      }
    });

    routes.route({
      method: 'post',
      path: '/api/minor-access-grants',
      summary: '申请查看某位未成年患者的信息（须安全管理员审批）',
      tags: ['未成年人保护'],
      access: { signedIn: 'staff' },
      body: z.object({
        patientId: z.uuid(),
        purpose: z.enum(minorAccessPurposes),
        reason: z.string().trim().min(2).max(200),
        validDays: z.number().int().min(1).max(30).default(7)
      }),
      successStatus: 201,
      response: grantSchema,
      errors: { 404: '记录不存在', 422: '该患者不是未成年人' },
      handler: async ({ body, user: maybeUser, request }) => {
        const user = signedIn(maybeUser);
        const at = now();
        const [patient] = await db
          .select({ birthDate: patients.birthDate })
          .from(patients)
          .where(eq(patients.id, body.patientId));
        if (!patient) throw notFound();
        if (!isMinor(patient.birthDate, today(at))) throw new ApiError(422, 'NOT_A_MINOR', '该患者已成年，无需审批');
        const [created] = await db
          .insert(minorAccessGrants)
          .values({
            staffAccountId: user.accountId,
            patientId: body.patientId,
            purpose: body.purpose,
            reason: body.reason,
            requestedAt: at,
            validUntil: new Date(at.getTime() + body.validDays * 86_400_000)
          })
          .returning({ id: minorAccessGrants.id });
        if (!created) throw new Error('grant was not created');
        await audit(
          user,
          request.ip,
          'minor_access_request',
          { type: 'minor_access_grant', id: created.id },
          {
            patientId: body.patientId,
            purpose: body.purpose
          }
        );
        const [row] = await grantQuery().where(eq(minorAccessGrants.id, created.id));
        if (!row) throw notFound();
        return { status: 201, body: grantView(row) };
      }
    });

    routes.route({
      method: 'get',
      path: '/api/minor-access-grants',
      summary: '未成年人信息访问申请（待审批或全部）',
      tags: ['未成年人保护'],
      access: { signedIn: 'staff', action: 'manage', subject: 'MinorAccessGrant' },
      query: z.object({ status: z.enum(['pending', 'approved', 'all']).default('pending') }),
      response: z.object({ items: z.array(grantSchema) }),
      handler: async ({ query }) => {
        const where =
          query.status === 'pending'
            ? isNull(minorAccessGrants.approvedAt)
            : query.status === 'approved'
              ? isNotNull(minorAccessGrants.approvedAt)
              : undefined;
        const rows = await grantQuery().where(where).orderBy(desc(minorAccessGrants.requestedAt)).limit(500);
        return { body: { items: rows.map(grantView) } };
      }
    });

    routes.route({
      method: 'post',
      path: '/api/minor-access-grants/:id/approve',
      summary: '批准未成年人信息访问申请',
      tags: ['未成年人保护'],
      access: { signedIn: 'staff', action: 'manage', subject: 'MinorAccessGrant' },
      params: z.object({ id: z.uuid() }),
      response: grantSchema,
      errors: { 404: '记录不存在', 409: '已批准' },
      handler: async ({ params, user: maybeUser, request }) => {
        const user = signedIn(maybeUser);
        const [grant] = await db.select().from(minorAccessGrants).where(eq(minorAccessGrants.id, params.id));
        if (!grant) throw notFound();
        if (grant.staffAccountId === user.accountId) throw forbidden('不能审批本人的申请');
        const [approved] = await db
          .update(minorAccessGrants)
          .set({ approvedBy: user.accountId, approvedAt: now() })
          .where(and(eq(minorAccessGrants.id, grant.id), isNull(minorAccessGrants.approvedAt)))
          .returning({ id: minorAccessGrants.id });
        if (!approved) throw conflict('该申请已批准');
        await audit(
          user,
          request.ip,
          'minor_access_approve',
          { type: 'minor_access_grant', id: grant.id },
          {
            staffAccountId: grant.staffAccountId,
            patientId: grant.patientId
          }
        );
        const [row] = await grantQuery().where(eq(minorAccessGrants.id, grant.id));
        if (!row) throw notFound();
        return { body: grantView(row) };
      }
    });

    routes.route({
      method: 'get',
      path: '/api/reports/minors',
      summary: '未成年人个人信息处理年度合规审计数据（数量、目的、访问）',
      tags: ['未成年人保护'],
      access: { signedIn: 'staff', action: 'export', subject: 'MinorAccessGrant' },
      query: z.object({ year: z.coerce.number().int().min(2000).max(2100) }),
      response: minorsReportSchema,
      handler: async ({ query, user, request }) => {
        const { from, to } = yearRange(query.year);
        const yearEnd = new Date(to.getTime() - 1);
        const endDay = today(yearEnd);
        const inYear = (column: Parameters<typeof gte>[0]) => and(gte(column, from), lt(column, to));
        // Born after these dates: under 18 / under 14 on the last day of the year.
        const shiftYears = (years: number) => `${Number(endDay.slice(0, 4)) - years}${endDay.slice(4)}`;
        const minorsOnRecord = await db
          .select({
            under14: sql<number>`count(*) filter (where ${patients.birthDate} > ${shiftYears(childAgeLimit)})::int`,
            total: count()
          })
          .from(patients)
          .where(and(sql`${patients.birthDate} > ${shiftYears(minorAgeLimit)}`, lt(patients.createdAt, to)));
        const [linkedInYear] = await db
          .select({ n: count() })
          .from(patients)
          .where(
            and(
              inYear(patients.createdAt),
              sql`extract(year from age(${patients.createdAt}::date, ${patients.birthDate})) < ${minorAgeLimit}`
            )
          );
        const consents = await db
          .select({ kind: patientConsents.kind, n: count() })
          .from(patientConsents)
          .where(inYear(patientConsents.grantedAt))
          .groupBy(patientConsents.kind);
        const [withdrawn] = await db
          .select({ n: count() })
          .from(patientConsents)
          .where(inYear(patientConsents.withdrawnAt));
        const grants = await db
          .select({
            purpose: minorAccessGrants.purpose,
            requested: count(),
            approved: sql<number>`count(${minorAccessGrants.approvedAt})::int`
          })
          .from(minorAccessGrants)
          .where(inYear(minorAccessGrants.requestedAt))
          .groupBy(minorAccessGrants.purpose);
        const [accesses] = await db
          .select({
            granted: sql<number>`count(*) filter (where ${minorAccessLogs.outcome} = 'granted')::int`,
            denied: sql<number>`count(*) filter (where ${minorAccessLogs.outcome} = 'denied')::int`,
            staffMembers: countDistinct(minorAccessLogs.staffAccountId),
            patients: countDistinct(minorAccessLogs.patientId)
          })
          .from(minorAccessLogs)
          .where(inYear(minorAccessLogs.at));
        const report = {
          year: query.year,
          generatedAt: now().toISOString(),
          minorPatients: {
            onRecordAtYearEnd: minorsOnRecord[0]?.total ?? 0,
            under14AtYearEnd: minorsOnRecord[0]?.under14 ?? 0,
            linkedInYear: linkedInYear?.n ?? 0
          },
          consents: {
            guardian: consents.find(row => row.kind === 'guardian')?.n ?? 0,
            healthData: consents.find(row => row.kind === 'health_data')?.n ?? 0,
            withdrawn: withdrawn?.n ?? 0
          },
          accessGrants: grants.map(row => ({ purpose: row.purpose, requested: row.requested, approved: row.approved })),
          accesses: {
            granted: accesses?.granted ?? 0,
            denied: accesses?.denied ?? 0,
            staffMembers: accesses?.staffMembers ?? 0,
            patients: accesses?.patients ?? 0
          }
        };
        await audit(signedIn(user), request.ip, 'export', { type: 'minor_report', id: String(query.year) }, {});
        return { body: report };
      }
    });
  };

  return { register };
}
