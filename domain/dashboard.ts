import { z } from 'zod';
import { applicationKindSchema } from './application';
import { yibaoSignInStates } from './yibao-sign-in';

/**
 * The 医保办's dashboard: what arrived, what waits for whom, what is stuck, and whether the bureau answers.
 * Every figure has a matching list filter in the console.
 */

/** How long the bureau usually takes to decide a filing; older undecided filings are shown as overdue. */
export const usualBureauDecisionDays = 3;

/** A count per registered application kind (`chronic`, `dual_channel` …; every kind present, 0 when none). */
const byKindSchema = z.record(z.string(), z.number());

export const dashboardSchema = z.object({
  generatedAt: z.string(),
  /** China dates the counts are for. */
  today: z.string(),
  monthStart: z.string(),
  submitted: z.object({ today: byKindSchema, month: byKindSchema }),
  /** Submissions per day over the last 30 days, oldest first. */
  daily: z.array(z.object({ date: z.string(), byKind: byKindSchema })),
  waitingForReview: z.object({
    total: byKindSchema,
    oldest: z.array(
      z.object({
        id: z.uuid(),
        kind: applicationKindSchema,
        applicationNo: z.string(),
        department: z.string().nullable(),
        submittedAt: z.string()
      })
    )
  }),
  filingFailed: z.object({ total: byKindSchema, network: z.number(), other: z.number() }),
  overdueAtBureau: z.object({ total: byKindSchema, thresholdDays: z.number(), filedBefore: z.string() }),
  noDecision: byKindSchema,
  bureauHealth: z.object({
    windowMinutes: z.number(),
    calls: z.number(),
    failures: z.number(),
    /** Failed share of the calls, 0–1; null without calls. */
    errorRate: z.number().nullable(),
    p95Ms: z.number().nullable(),
    lastCallAt: z.string().nullable()
  }),
  yibaoSignIn: z.object({
    opter: z.string(),
    opterName: z.string(),
    state: z.enum([...yibaoSignInStates, 'none']),
    signedInAt: z.string().nullable()
  })
});
export type Dashboard = z.infer<typeof dashboardSchema>;
