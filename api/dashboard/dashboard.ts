import { and, count, eq, gte, lt, sql } from 'drizzle-orm';
import { applicationKindDefinitions } from '../../domain/application-kinds/registry';
import { chinaDate, parseChinaTime } from '../../domain/china-time';
import { dashboardSchema, usualBureauDecisionDays, type Dashboard } from '../../domain/dashboard';
import type { Database } from '../../db/connection';
import { applications, yibaoInterfaceLog } from '../../db/schema';
import type { SignInRecord } from '../../yibao/sign-in';
import type { ApiModule } from '../app';

export interface DashboardDependencies {
  db: Database;
  /** The operator the system calls Yibao as, and its sign-in records of the last days. */
  operator: { opter: string; opterName: string };
  recentSignIns: (days: number) => Promise<SignInRecord[]>;
  now?: () => Date;
}

const dayMs = 86_400_000;

type ByKind = Record<string, number>;
/** A count for every registered kind, 0 where no row was counted. */
const byKind = (rows: { kind: string; n: number }[]): ByKind =>
  Object.fromEntries(applicationKindDefinitions().map(({ id }) => [id, rows.find(row => row.kind === id)?.n ?? 0]));
const sum = (counts: ByKind) => Object.values(counts).reduce((total, n) => total + n, 0);

/**
 * The 医保办's dashboard (`GET /api/dashboard`): a handful of aggregate queries over the applications and
 * the last hour of the interface log, each answered from an index.
 */
export function createDashboardModule(deps: DashboardDependencies): ApiModule {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());

  const countByKind = async (where: ReturnType<typeof and>) =>
    byKind(
      await db
        .select({ kind: applications.kind, n: count() })
        .from(applications)
        .where(where)
        .groupBy(applications.kind)
    );

  async function dashboard(): Promise<Dashboard> {
    const at = now();
    const today = chinaDate(at);
    const monthStart = `${today.slice(0, 8)}01`;
    const todayStart = parseChinaTime(today);
    const dailyFrom = new Date(todayStart.getTime() - 29 * dayMs);
    const filedBefore = new Date(at.getTime() - usualBureauDecisionDays * dayMs);
    const hourAgo = new Date(at.getTime() - 3_600_000);
    const log = yibaoInterfaceLog;

    const [
      submittedToday,
      submittedMonth,
      daily,
      waitingTotal,
      oldest,
      failedTotal,
      failedNetwork,
      overdue,
      noDecision,
      [health],
      signIns
    ] = await Promise.all([
      countByKind(gte(applications.submittedAt, todayStart)),
      countByKind(gte(applications.submittedAt, parseChinaTime(monthStart))),
      db
        .select({
          date: sql<string>`to_char(${applications.submittedAt} at time zone 'Asia/Shanghai', 'YYYY-MM-DD')`,
          kind: applications.kind,
          n: count()
        })
        .from(applications)
        .where(gte(applications.submittedAt, dailyFrom))
        .groupBy(sql`1`, applications.kind),
      countByKind(eq(applications.status, 'under_review')),
      db
        .select({
          id: applications.id,
          kind: applications.kind,
          applicationNo: applications.applicationNo,
          department: applications.department,
          submittedAt: applications.submittedAt
        })
        .from(applications)
        .where(eq(applications.status, 'under_review'))
        .orderBy(applications.submittedAt)
        .limit(6),
      countByKind(eq(applications.status, 'filing_failed')),
      db
        .select({ n: count() })
        .from(applications)
        .where(and(eq(applications.status, 'filing_failed'), eq(applications.yibaoSyncStatus, 'network_failed'))),
      countByKind(and(eq(applications.status, 'filed'), lt(applications.filedAt, filedBefore))),
      countByKind(eq(applications.status, 'no_decision')),
      db
        .select({
          calls: count(),
          failures: sql<number>`count(*) filter (where ${log.outcome} <> 'ok')::int`,
          p95: sql<number | null>`percentile_cont(0.95) within group (order by ${log.durationMs})`,
          last: sql<string | null>`max(${log.calledAt})`
        })
        .from(log)
        .where(gte(log.calledAt, hourAgo)),
      deps.recentSignIns(1)
    ]);

    const days = Array.from({ length: 30 }, (_, index) => chinaDate(new Date(dailyFrom.getTime() + index * dayMs)));
    const dailyCounts = days.map(date => ({ date, byKind: byKind(daily.filter(row => row.date === date)) }));
    const failedAll = sum(failedTotal);
    const network = failedNetwork[0]?.n ?? 0;
    const calls = health?.calls ?? 0;
    const signIn = signIns.find(record => record.opter === deps.operator.opter && record.signDate === today);
    return {
      generatedAt: at.toISOString(),
      today,
      monthStart,
      submitted: { today: submittedToday, month: submittedMonth },
      daily: dailyCounts,
      waitingForReview: {
        total: waitingTotal,
        oldest: oldest.map(row => ({ ...row, submittedAt: row.submittedAt.toISOString() }))
      },
      filingFailed: { total: failedTotal, network, other: failedAll - network },
      overdueAtBureau: {
        total: overdue,
        thresholdDays: usualBureauDecisionDays,
        filedBefore: filedBefore.toISOString()
      },
      noDecision,
      bureauHealth: {
        windowMinutes: 60,
        calls,
        failures: health?.failures ?? 0,
        // Four decimals are plenty for a share (and a long fraction looks like an ID number to log scanners).
        errorRate: calls ? Math.round(((health?.failures ?? 0) / calls) * 10_000) / 10_000 : null,
        p95Ms: health?.p95 === null || health?.p95 === undefined ? null : Math.round(Number(health.p95)),
        lastCallAt: health?.last ? new Date(health.last).toISOString() : null
      },
      yibaoSignIn: {
        opter: deps.operator.opter,
        opterName: deps.operator.opterName,
        state: !signIn ? 'none' : signIn.signedOutAt ? 'signed_out' : signIn.invalidatedAt ? 'refused' : 'valid',
        signedInAt: signIn?.signedInAt.toISOString() ?? null
      }
    };
  }

  return {
    register(routes) {
      routes.route({
        method: 'get',
        path: '/api/dashboard',
        summary: '工作台（今日/本月申请、待审核、报送失败、医保局逾期未审核、近一小时医保接口状况、医保签到状态）',
        tags: ['工作台'],
        access: { signedIn: 'staff', action: 'read', subject: 'Dashboard' },
        response: dashboardSchema,
        handler: async () => ({ body: await dashboard() })
      });
    }
  };
}
