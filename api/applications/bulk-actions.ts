import type { Request } from 'express';
import { inArray } from 'drizzle-orm';
import type { AbilityAction, AppAbility, SessionUser } from '../../domain/abilities';
import { applicationStatusLabels, type ApplicationStatus } from '../../domain/application-status';
import {
  bulkActionLabels,
  bulkRequestSchema,
  bulkResponseSchema,
  bulkRevokeRequestSchema,
  type BulkAction,
  type BulkResult
} from '../../domain/bulk-actions';
import { applications } from '../../db/schema';
import { retryFilingUpdate, revokeFilingUpdate, syncFilingStatusUpdate } from '../../workflows/messages';
import type { ApiModule } from '../app';
import { ApiError } from '../errors';
import type { ApplicationRow } from '../../application-kinds/kind-module';
import { auditOf } from '../audit/audit-log';
import { actorOf, loadApplicationFor, type ApplicationActionDependencies } from './application-actions';
import { sendApplicationUpdate } from './workflow-calls';

const tag = '申请单批量操作';
/** Workflow updates run a few at a time: enough to finish a page quickly, few enough not to flood Temporal. */
const concurrency = 4;

const abilityOf: Record<BulkAction, AbilityAction> = {
  'retry-filing': 'retryFiling',
  'sync-status': 'syncStatus',
  revoke: 'revoke'
};

interface BulkContext {
  user: SessionUser;
  ability: AppAbility;
  request: Request;
  reason?: string;
}

/**
 * The admin's verbs for a selection of applications (both kinds): each application is loaded, checked and
 * sent to its workflow exactly as the single action does, and answers with its own result, so one refusal
 * (a wrong state, the bureau refusing a revocation) does not stop the others.
 */
export function createBulkActionsModule(deps: ApplicationActionDependencies): ApiModule {
  async function perform(action: BulkAction, row: ApplicationRow, context: BulkContext): Promise<ApplicationStatus> {
    const { user, request } = context;
    const actor = actorOf(user);
    const target = { type: 'application' as const, id: row.id };
    if (action === 'sync-status') {
      return (await sendApplicationUpdate(deps.temporalClient, row, '同步审核状态', syncFilingStatusUpdate, { actor }))
        .status;
    }
    if (action === 'retry-filing') {
      const state = await sendApplicationUpdate(deps.temporalClient, row, '重新报送', retryFilingUpdate, { actor });
      await deps.audit(auditOf(user, request, 'filing', target, 'success', { retry: true, bulk: true }));
      return state.status;
    }
    try {
      const state = await sendApplicationUpdate(deps.temporalClient, row, '撤销备案', revokeFilingUpdate, {
        actor,
        reason: context.reason ?? ''
      });
      await deps.audit(auditOf(user, request, 'revocation', target, 'success', { bulk: true }));
      return state.status;
    } catch (error) {
      await deps.audit(auditOf(user, request, 'revocation', target, 'failure', { bulk: true }));
      throw error;
    }
  }

  async function one(action: BulkAction, id: string, kindOf: Map<string, ApplicationRow>, context: BulkContext) {
    const known = kindOf.get(id);
    try {
      if (!known) throw new ApiError(404, 'NOT_FOUND', '申请单不存在');
      const row = await loadApplicationFor(deps.db, context.user, context.ability, id, known.kind, abilityOf[action], {
        ip: context.request.ip ?? null
      });
      const status = await perform(action, row, context);
      return {
        id,
        applicationNo: row.applicationNo,
        ok: true,
        status,
        statusLabel: applicationStatusLabels[status],
        code: null,
        message: `${bulkActionLabels[action]}成功`
      } satisfies BulkResult;
    } catch (error) {
      const known404 = error instanceof ApiError && error.status === 404;
      return {
        id,
        // A number is shown only for applications the user may see.
        applicationNo: known404 ? null : (known?.applicationNo ?? null),
        ok: false,
        status: null,
        statusLabel: null,
        code: error instanceof ApiError ? error.code : 'INTERNAL',
        message: error instanceof ApiError ? error.message : '系统繁忙，请稍后再试'
      } satisfies BulkResult;
    }
  }

  async function run(action: BulkAction, ids: string[], context: BulkContext) {
    const rows = await deps.db.select().from(applications).where(inArray(applications.id, ids));
    const byId = new Map(rows.map(row => [row.id, row]));
    const results: BulkResult[] = new Array<BulkResult>(ids.length);
    let next = 0;
    const worker = async () => {
      while (next < ids.length) {
        const index = next++;
        results[index] = await one(action, ids[index]!, byId, context);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
    const succeeded = results.filter(result => result.ok).length;
    return { succeeded, failed: results.length - succeeded, results };
  }

  return {
    register(routes) {
      for (const action of ['retry-filing', 'sync-status'] as const) {
        routes.route({
          method: 'post',
          path: `/api/applications/bulk/${action}`,
          summary: `批量${bulkActionLabels[action]}（管理员；逐单返回结果）`,
          tags: [tag],
          access: { signedIn: 'staff', action: abilityOf[action], subject: 'Application' },
          body: bulkRequestSchema,
          response: bulkResponseSchema,
          handler: async ({ body, user, ability, request }) => ({
            body: await run(action, body.ids, { user: user!, ability, request })
          })
        });
      }
      routes.route({
        method: 'post',
        path: '/api/applications/bulk/revoke',
        summary: '批量撤销医保备案（管理员；逐单返回结果，留审计记录）',
        tags: [tag],
        access: { signedIn: 'staff', action: 'revoke', subject: 'Application' },
        body: bulkRevokeRequestSchema,
        response: bulkResponseSchema,
        handler: async ({ body, user, ability, request }) => ({
          body: await run('revoke', body.ids, { user: user!, ability, request, reason: body.reason })
        })
      });
    }
  };
}
