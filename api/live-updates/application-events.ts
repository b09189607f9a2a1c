/**
 * Live updates for the console: server-sent events of application changes (`GET /api/events/applications`).
 * One watcher per API process asks PostgreSQL every second for rows whose `updated_at` moved (whichever
 * process or worker changed them) and sends each change to the connected users allowed to read it; so a
 * list or a detail on screen refreshes within about a second and a reviewer never acts on a stale state.
 * The stream does not touch the session's idle timer: it re-checks the session without touching it and
 * ends with `session-ended` once the session ended, expired or went idle.
 */
import { subject } from '@casl/ability';
import type { Request, Response } from 'express';
import { and, asc, eq, gt, gte, isNull, sql } from 'drizzle-orm';
import { defineAbilityFor, type SessionUser } from '../../domain/abilities';
import type { ApplicationChange } from '../../domain/live-updates';
import type { Database } from '../../db/connection';
import { applications, sessions, userAccounts } from '../../db/schema';
import type { ApiModule } from '../app';
import { hashToken } from '../auth/sessions';

export interface ApplicationEventsDependencies {
  db: Database;
  /** The staff session idle limit (SESSION_STAFF_IDLE). */
  staffIdleMs: number;
  pollIntervalMs?: number;
  sessionCheckMs?: number;
  heartbeatMs?: number;
}

export interface ApplicationEvents {
  module: ApiModule;
  /** Ends every open stream (at shutdown, so the server can close). */
  close: () => void;
}

interface Subscriber {
  user: SessionUser;
  tokenHash: string;
  response: Response;
  nextSessionCheck: number;
}

/** Commits can land out of `updated_at` order: each poll looks this far back and skips what it already sent. */
const lookBackMs = 5_000;

function send(response: Response, event: string, data: unknown): void {
  response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

export function createApplicationEvents(deps: ApplicationEventsDependencies): ApplicationEvents {
  const { db } = deps;
  const pollIntervalMs = deps.pollIntervalMs ?? 1_000;
  const sessionCheckMs = deps.sessionCheckMs ?? 30_000;
  const heartbeatMs = deps.heartbeatMs ?? 25_000;
  const subscribers = new Set<Subscriber>();
  const sent = new Map<string, number>();
  let cursor: Date | undefined;
  let timer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let polling = false;

  function end(subscriber: Subscriber, event?: string): void {
    subscribers.delete(subscriber);
    if (event) send(subscriber.response, event, {});
    subscriber.response.end();
    subscriber.response.socket?.end();
    if (subscribers.size === 0) stop();
  }

  async function sessionAlive(subscriber: Subscriber, at: Date): Promise<boolean> {
    const [row] = await db
      .select({ id: sessions.id })
      .from(sessions)
      .innerJoin(userAccounts, eq(userAccounts.id, sessions.accountId))
      .where(
        and(
          eq(sessions.tokenHash, subscriber.tokenHash),
          isNull(sessions.endedAt),
          gt(sessions.expiresAt, at),
          gt(sessions.lastSeenAt, new Date(at.getTime() - deps.staffIdleMs)),
          eq(userAccounts.disabled, false)
        )
      )
      .limit(1);
    return row !== undefined;
  }

  async function poll(): Promise<void> {
    if (polling) return;
    polling = true;
    try {
      if (!cursor) {
        const [row] = await db.select({ at: sql<string | null>`max(${applications.updatedAt})` }).from(applications);
        cursor = row?.at ? new Date(row.at) : new Date();
      }
      const changed = await db
        .select({
          id: applications.id,
          kind: applications.kind,
          applicationNo: applications.applicationNo,
          status: applications.status,
          department: applications.department,
          reviewerAccountId: applications.reviewerAccountId,
          applicantAccountId: applications.applicantAccountId,
          updatedAt: applications.updatedAt
        })
        .from(applications)
        .where(gte(applications.updatedAt, new Date(cursor.getTime() - lookBackMs)))
        .orderBy(asc(applications.updatedAt))
        .limit(500);
      for (const row of changed) {
        const key = `${row.id}@${row.updatedAt.getTime()}`;
        if (sent.has(key)) continue;
        sent.set(key, row.updatedAt.getTime());
        if (row.updatedAt > cursor) cursor = row.updatedAt;
        const change: ApplicationChange = {
          id: row.id,
          kind: row.kind,
          applicationNo: row.applicationNo,
          status: row.status,
          updatedAt: row.updatedAt.toISOString()
        };
        for (const subscriber of subscribers) {
          if (defineAbilityFor(subscriber.user).can('read', subject('Application', { ...row })))
            send(subscriber.response, 'application', change);
        }
      }
      for (const [key, at] of sent) if (at < cursor.getTime() - 2 * lookBackMs) sent.delete(key);
      const now = new Date();
      for (const subscriber of [...subscribers]) {
        if (now.getTime() < subscriber.nextSessionCheck) continue;
        subscriber.nextSessionCheck = now.getTime() + sessionCheckMs;
        if (!(await sessionAlive(subscriber, now))) end(subscriber, 'session-ended');
      }
    } catch {
      // The database is unreachable for a moment: the next tick tries again; the console also refreshes on focus.
    } finally {
      polling = false;
    }
  }

  function start(): void {
    timer ??= setInterval(() => void poll(), pollIntervalMs);
    heartbeat ??= setInterval(() => {
      for (const subscriber of subscribers) subscriber.response.write(': ping\n\n');
    }, heartbeatMs);
  }

  function stop(): void {
    clearInterval(timer);
    clearInterval(heartbeat);
    timer = undefined;
    heartbeat = undefined;
    cursor = undefined;
    sent.clear();
  }

  function subscribe(user: SessionUser, request: Request, response: Response): void {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    response.status(200);
    response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    response.setHeader('Connection', 'keep-alive');
    // Reverse proxies must pass each event on at once.
    response.setHeader('X-Accel-Buffering', 'no');
    response.flushHeaders();
    send(response, 'hello', { idleTimeoutMs: deps.staffIdleMs });
    const subscriber: Subscriber = {
      user,
      tokenHash: hashToken(token),
      response,
      nextSessionCheck: Date.now() + sessionCheckMs
    };
    subscribers.add(subscriber);
    request.on('close', () => {
      subscribers.delete(subscriber);
      if (subscribers.size === 0) stop();
    });
    start();
  }

  return {
    module: {
      register(routes) {
        routes.route({
          method: 'get',
          path: '/api/events/applications',
          summary:
            '申请单变更事件流（Server-Sent Events：hello、application〔编号与状态，不含个人信息〕、session-ended）',
          tags: ['实时更新'],
          access: { signedIn: 'staff', action: 'read', subject: 'Application' },
          handler: ({ user, request, response }) => {
            subscribe(user!, request, response);
            return undefined;
          }
        });
      }
    },
    close: () => {
      for (const subscriber of [...subscribers]) end(subscriber, 'server-closing');
      stop();
    }
  };
}
