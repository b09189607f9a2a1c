import { subject } from '@casl/ability';
import type { Client } from '@temporalio/client';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AbilityAction, AppAbility, SessionUser } from '../../domain/abilities';
import { applicationStatusLabels } from '../../domain/application-status';
import { applicationStateSchema as stateResponseSchema } from '../../domain/application-search';
import { revokeApplicationSchema } from '../../domain/application';
import type { Database } from '../../db/connection';
import { applicationStatusHistory, applications, patients } from '../../db/schema';
import type { FieldCrypto } from '../../crypto/field-encryption';
import {
  retryFilingUpdate,
  revokeFilingUpdate,
  syncFilingStatusUpdate,
  withdrawApplicationUpdate,
  type ActorRef
} from '../../workflows/messages';
import { forbidden, notFound } from '../errors';
import type { ApiRoutes } from '../route';
import { auditOf, type AuditEntry } from '../audit/audit-log';
import { assertMinorAccess } from '../audit/minor-access';
import { scopedById } from './application-scope';
import { workflowHistoryEntrySchema } from '../../domain/application-timeline';
import { readableWorkflowHistory } from './workflow-history';
import { sendApplicationUpdate } from './workflow-calls';
import type { ApplicationRow } from '../../application-kinds/kind-module';

export interface ApplicationActionDependencies {
  db: Database;
  temporalClient: Client;
  fieldCrypto: FieldCrypto;
  audit: (entry: AuditEntry) => Promise<void>;
}

const revealSchema = z
  .object({
    field: z.enum(['name', 'idNo', 'phone', 'address']),
    /** Why the full value is needed: kept in the audit row. */
    reason: z.string().trim().min(4, '请填写查看原因').max(200)
  })
  .strict();

export const idParamsSchema = z.object({ id: z.uuid('申请单编号不正确') });

/**
 * Loads an application the user may see (SQL-scoped; otherwise 404) and checks the action on the row. Staff
 * opening or acting on a minor's application also need an approved access grant (logged either way).
 */
export async function loadApplicationFor(
  db: Database,
  user: SessionUser,
  ability: AppAbility,
  id: string,
  kind: string,
  action: AbilityAction,
  context: { ip?: string | null } = {}
): Promise<ApplicationRow> {
  const [row] = await db.select().from(applications).where(scopedById(user, id));
  if (!row || row.kind !== kind) throw notFound('申请单不存在');
  if (!ability.can(action, subject('Application', { ...row }))) throw forbidden();
  if (user.kind === 'staff') await assertMinorAccess(db, user, row.patientId, context);
  return row;
}

export function actorOf(user: SessionUser): ActorRef & { userId: string } {
  return {
    userId: user.accountId,
    label: user.staffNo ? `${user.displayName}（${user.staffNo}）` : user.roles.join('/')
  };
}

export async function statusHistoryOf(db: Database, applicationId: string) {
  const rows = await db
    .select()
    .from(applicationStatusHistory)
    .where(eq(applicationStatusHistory.applicationId, applicationId))
    .orderBy(asc(applicationStatusHistory.at));
  return rows.map(row => ({
    from: row.fromStatus,
    to: row.toStatus,
    detail: row.detail,
    actor: row.actorLabel,
    at: row.at.toISOString()
  }));
}

/**
 * The verbs chronic and dual-channel applications share: each is a message to the application's workflow,
 * refused by the workflow (409) when the state does not allow it.
 */
export function registerApplicationActionRoutes(
  routes: ApiRoutes,
  options: { basePath: string; kind: string; tag: string },
  deps: ApplicationActionDependencies
): void {
  const { basePath, kind, tag } = options;
  const respond = (row: ApplicationRow, status: keyof typeof applicationStatusLabels) => ({
    body: { id: row.id, applicationNo: row.applicationNo, status, statusLabel: applicationStatusLabels[status] }
  });

  routes.route({
    method: 'post',
    path: `${basePath}/:id/withdraw`,
    summary: '申请人撤回申请（医保报送开始前）',
    tags: [tag],
    access: { signedIn: 'patient', action: 'withdraw', subject: 'Application' },
    params: idParamsSchema,
    response: stateResponseSchema,
    errors: { 404: '申请单不存在', 409: '已开始报送，不能撤回' },
    handler: async ({ params, user, ability }) => {
      const row = await loadApplicationFor(deps.db, user!, ability, params.id, kind, 'withdraw');
      const state = await sendApplicationUpdate(deps.temporalClient, row, '撤回', withdrawApplicationUpdate, {
        actor: actorOf(user!)
      });
      return respond(row, state.status);
    }
  });

  routes.route({
    method: 'post',
    path: `${basePath}/:id/revoke`,
    summary: '撤销医保备案（医保局审核前）',
    tags: [tag],
    access: { signedIn: 'any', action: 'revoke', subject: 'Application' },
    params: idParamsSchema,
    body: revokeApplicationSchema,
    response: stateResponseSchema,
    errors: { 404: '申请单不存在', 409: '医保局已审核或尚未报送，不能撤销' },
    handler: async ({ params, body, user, ability, request }) => {
      const row = await loadApplicationFor(deps.db, user!, ability, params.id, kind, 'revoke', {
        ip: request.ip ?? null
      });
      try {
        const state = await sendApplicationUpdate(deps.temporalClient, row, '撤销备案', revokeFilingUpdate, {
          actor: actorOf(user!),
          reason: body.reason
        });
        await deps.audit(auditOf(user!, request, 'revocation', { type: 'application', id: row.id }, 'success'));
        return respond(row, state.status);
      } catch (error) {
        await deps.audit(auditOf(user!, request, 'revocation', { type: 'application', id: row.id }, 'failure'));
        throw error;
      }
    }
  });

  routes.route({
    method: 'post',
    path: `${basePath}/:id/retry-filing`,
    summary: '重新报送医保（报送失败后，管理员）',
    tags: [tag],
    access: { signedIn: 'staff', action: 'retryFiling', subject: 'Application' },
    params: idParamsSchema,
    response: stateResponseSchema,
    errors: { 404: '申请单不存在', 409: '只有报送失败的申请单可以重新报送' },
    handler: async ({ params, user, ability, request }) => {
      const row = await loadApplicationFor(deps.db, user!, ability, params.id, kind, 'retryFiling', {
        ip: request.ip ?? null
      });
      const state = await sendApplicationUpdate(deps.temporalClient, row, '重新报送', retryFilingUpdate, {
        actor: actorOf(user!)
      });
      await deps.audit(
        auditOf(user!, request, 'filing', { type: 'application', id: row.id }, 'success', { retry: true })
      );
      return respond(row, state.status);
    }
  });

  routes.route({
    method: 'post',
    path: `${basePath}/:id/sync-status`,
    summary: '立即向医保局查询审核结果（管理员）',
    tags: [tag],
    access: { signedIn: 'staff', action: 'syncStatus', subject: 'Application' },
    params: idParamsSchema,
    response: stateResponseSchema,
    errors: { 404: '申请单不存在', 409: '只有已报送、待审核的申请单可以同步' },
    handler: async ({ params, user, ability }) => {
      const row = await loadApplicationFor(deps.db, user!, ability, params.id, kind, 'syncStatus');
      const state = await sendApplicationUpdate(deps.temporalClient, row, '同步审核状态', syncFilingStatusUpdate, {
        actor: actorOf(user!)
      });
      return respond(row, state.status);
    }
  });

  routes.route({
    method: 'get',
    path: `${basePath}/:id/history`,
    summary: '申请单的流程历史（Temporal 工作流事件，管理员）',
    tags: [tag],
    access: { signedIn: 'staff', action: 'read', subject: 'WorkflowHistory' },
    params: idParamsSchema,
    response: z.object({ workflowId: z.string(), events: z.array(workflowHistoryEntrySchema) }),
    errors: { 404: '申请单不存在' },
    handler: async ({ params, user, ability }) => {
      const row = await loadApplicationFor(deps.db, user!, ability, params.id, kind, 'read');
      const history = await deps.temporalClient.workflow.getHandle(row.workflowId).fetchHistory();
      return { body: { workflowId: row.workflowId, events: readableWorkflowHistory(history) } };
    }
  });

  routes.route({
    method: 'post',
    path: `${basePath}/:id/reveal`,
    summary: '查看完整的个人信息（姓名、身份证号、电话、地址；需填写原因，留审计记录）',
    tags: [tag],
    access: { signedIn: 'staff', action: 'reveal', subject: 'Application' },
    params: idParamsSchema,
    body: revealSchema,
    response: z.object({ field: z.string(), value: z.string() }),
    errors: { 404: '申请单不存在' },
    handler: async ({ params, body, user, ability, request }) => {
      const row = await loadApplicationFor(deps.db, user!, ability, params.id, kind, 'reveal', {
        ip: request.ip ?? null
      });
      const [patient] = await deps.db.select().from(patients).where(eq(patients.id, row.patientId));
      if (!patient) throw notFound('申请单不存在');
      const encrypted = {
        name: patient.nameEnc,
        idNo: patient.idNoEnc,
        phone: row.phoneEnc,
        address: row.addressEnc
      }[body.field];
      const value = encrypted ? deps.fieldCrypto.decrypt(encrypted) : '';
      await deps.audit(
        auditOf(user!, request, 'reveal', { type: 'application', id: row.id }, 'success', {
          field: body.field,
          reason: body.reason
        })
      );
      return { body: { field: body.field, value } };
    }
  });
}
