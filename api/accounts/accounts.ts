import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Request } from 'express';
import { z } from 'zod';
import { hashPassword } from '../../crypto/password';
import type { Database } from '../../db/connection';
import { userAccounts } from '../../db/schema';
import { staffRoles, type SessionUser } from '../../domain/abilities';
import {
  staffAccountListSchema,
  staffAccountSchema as accountSchema,
  staffRoleSchema
} from '../../domain/staff-accounts';
import { checkPasswordPolicy } from '../../domain/password-policy';
import type { ApiModule } from '../app';
import { appendAudit, auditOf } from '../audit/audit-log';
import { endAccountSessions } from '../auth/sessions';
import { normaliseUsername } from '../auth/sign-in-common';
import { badRequest, conflict, notFound } from '../errors';

export interface AccountsModuleDependencies {
  db: Database;
  /** PBKDF2-HMAC-SM3 iterations for new passwords (config `PASSWORD_PBKDF2_ITERATIONS`). */
  passwordIterations: number;
}

type StaffRole = (typeof staffRoles)[number];

const rolesSchema = z
  .array(staffRoleSchema)
  .min(1, '至少需要一个角色')
  .max(staffRoles.length, '角色重复')
  .refine(roles => new Set(roles).size === roles.length, '角色重复');

const accountParamsSchema = z.object({ id: z.uuid('账号编号不正确') });

const createAccountSchema = z
  .object({
    username: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/, '用户名为 3–32 位字母、数字、点、下划线或连字符，以字母或数字开头'),
    displayName: z.string().trim().min(1, '请填写姓名').max(50, '姓名最多 50 个字'),
    roles: rolesSchema,
    staffNo: z
      .string()
      .regex(/^[A-Za-z0-9]{1,20}$/, '工号格式不正确')
      .optional(),
    department: z.string().trim().min(1).max(50, '科室最多 50 个字').optional(),
    title: z.string().trim().min(1).max(50, '职称最多 50 个字').optional(),
    initialPassword: z.string().min(1, '请填写初始密码').max(256, '密码过长')
  })
  .strict();

const rolesBodySchema = z.object({ roles: rolesSchema }).strict();

/** Only these columns ever leave the module: never password hashes, TOTP secrets or patients' identifiers. */
const accountColumns = {
  id: userAccounts.id,
  username: userAccounts.username,
  displayName: userAccounts.displayName,
  roles: userAccounts.roles,
  staffNo: userAccounts.staffNo,
  department: userAccounts.department,
  title: userAccounts.title,
  disabled: userAccounts.disabled,
  createdAt: userAccounts.createdAt
};

type AccountRow = { [K in keyof typeof accountColumns]: (typeof userAccounts.$inferSelect)[K] };

function present(row: AccountRow) {
  return { ...row, createdAt: row.createdAt.toISOString() };
}

const target = (id: string) => ({ type: 'user_account' as const, id });
const sameRoles = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join(',') === [...b].sort().join(',');

/**
 * Staff accounts, managed by the security admin only (三权分立: admin and auditor hold no `manage
 * UserAccount`). Role changes and disabling end the account's sessions at once; sessions also re-read the
 * account on every request (api/auth/sessions.ts), so a disabled account is refused even before that.
 * A security admin cannot lock themselves out (remove their own secadmin role, disable themselves) nor
 * widen their own roles.
 */
export function createAccountsModule(deps: AccountsModuleDependencies): ApiModule {
  const { db, passwordIterations } = deps;

  async function staffAccount(id: string): Promise<AccountRow> {
    const [row] = await db
      .select(accountColumns)
      .from(userAccounts)
      .where(and(eq(userAccounts.id, id), eq(userAccounts.kind, 'staff')))
      .limit(1);
    if (!row) throw notFound('账号不存在');
    return row;
  }

  async function setDisabled(user: SessionUser, request: Request, id: string, disabled: boolean) {
    if (disabled && id === user.accountId) throw conflict('不能停用自己的账号');
    const account = await staffAccount(id);
    if (account.disabled !== disabled) {
      await db.transaction(async tx => {
        await tx.update(userAccounts).set({ disabled }).where(eq(userAccounts.id, id));
        await appendAudit(
          tx,
          auditOf(user, request, 'permission_change', target(id), 'success', {
            change: disabled ? 'disable' : 'enable'
          })
        );
      });
    }
    // Even when already disabled: whatever session might remain ends now.
    if (disabled) await endAccountSessions(db, id, 'disabled');
    return present(await staffAccount(id));
  }

  return {
    register(routes) {
      routes.route({
        method: 'get',
        path: '/api/accounts',
        summary: '员工账号列表（安全管理员）',
        tags: ['账号管理'],
        access: { signedIn: 'staff', action: 'manage', subject: 'UserAccount' },
        query: z.object({ role: staffRoleSchema.optional() }).strict(),
        response: staffAccountListSchema,
        handler: async ({ query }) => {
          const rows = await db
            .select(accountColumns)
            .from(userAccounts)
            .where(
              and(
                eq(userAccounts.kind, 'staff'),
                ...(query.role ? [sql`${query.role} = any(${userAccounts.roles})`] : [])
              )
            )
            .orderBy(asc(userAccounts.username));
          return { body: { items: rows.map(present) } };
        }
      });

      routes.route({
        method: 'post',
        path: '/api/accounts',
        summary: '新建员工账号（安全管理员）',
        tags: ['账号管理'],
        access: { signedIn: 'staff', action: 'manage', subject: 'UserAccount' },
        body: createAccountSchema,
        response: accountSchema,
        successStatus: 201,
        errors: { 409: '用户名或工号已被使用' },
        handler: async ({ body, user, request }) => {
          const username = normaliseUsername(body.username);
          const policy = checkPasswordPolicy(body.initialPassword, { username });
          if (!policy.ok) throw badRequest(`初始密码不符合密码策略：${policy.problems.join('；')}`, policy.problems);
          const [taken] = await db
            .select({ username: userAccounts.username })
            .from(userAccounts)
            .where(
              or(eq(userAccounts.username, username), ...(body.staffNo ? [eq(userAccounts.staffNo, body.staffNo)] : []))
            )
            .limit(1);
          if (taken) throw conflict(taken.username === username ? '用户名已被使用' : '工号已被使用');
          const passwordHash = await hashPassword(body.initialPassword, passwordIterations);
          const now = new Date();
          const created = await db.transaction(async tx => {
            // A concurrent request may have taken the name or staff number meanwhile: no row comes back then.
            const [row] = await tx
              .insert(userAccounts)
              .values({
                kind: 'staff',
                username,
                displayName: body.displayName,
                roles: body.roles,
                staffNo: body.staffNo ?? null,
                department: body.department ?? null,
                title: body.title ?? null,
                passwordHash,
                passwordChangedAt: now
              })
              .onConflictDoNothing()
              .returning(accountColumns);
            if (!row) throw conflict('用户名或工号已被使用');
            await appendAudit(
              tx,
              auditOf(user!, request, 'role_change', target(row.id), 'success', { created: true, roles: body.roles })
            );
            return row;
          });
          return { status: 201, body: present(created) };
        }
      });

      routes.route({
        method: 'put',
        path: '/api/accounts/:id/roles',
        summary: '修改员工账号的角色（安全管理员；结束该账号的全部会话）',
        tags: ['账号管理'],
        access: { signedIn: 'staff', action: 'manage', subject: 'UserAccount' },
        params: accountParamsSchema,
        body: rolesBodySchema,
        response: accountSchema,
        errors: { 404: '账号不存在', 409: '不能移除自己的安全管理员角色或为自己增加角色' },
        handler: async ({ params, body, user, request }) => {
          const account = await staffAccount(params.id);
          const roles: StaffRole[] = body.roles;
          if (params.id === user!.accountId) {
            if (!roles.includes('secadmin')) throw conflict('不能移除自己的安全管理员角色');
            if (roles.some(role => !account.roles.includes(role))) throw conflict('不能为自己增加角色');
          }
          if (sameRoles(account.roles, roles)) return { body: present(account) };
          await db.transaction(async tx => {
            await tx.update(userAccounts).set({ roles }).where(eq(userAccounts.id, params.id));
            await appendAudit(
              tx,
              auditOf(user!, request, 'role_change', target(params.id), 'success', { from: account.roles, to: roles })
            );
          });
          await endAccountSessions(db, params.id, 'role_change');
          return { body: present(await staffAccount(params.id)) };
        }
      });

      routes.route({
        method: 'post',
        path: '/api/accounts/:id/disable',
        summary: '停用员工账号（安全管理员；立即结束该账号的全部会话）',
        tags: ['账号管理'],
        access: { signedIn: 'staff', action: 'manage', subject: 'UserAccount' },
        params: accountParamsSchema,
        response: accountSchema,
        errors: { 404: '账号不存在', 409: '不能停用自己的账号' },
        handler: async ({ params, user, request }) => ({
          body: await setDisabled(user!, request, params.id, true)
        })
      });

      routes.route({
        method: 'post',
        path: '/api/accounts/:id/enable',
        summary: '启用员工账号（安全管理员）',
        tags: ['账号管理'],
        access: { signedIn: 'staff', action: 'manage', subject: 'UserAccount' },
        params: accountParamsSchema,
        response: accountSchema,
        errors: { 404: '账号不存在' },
        handler: async ({ params, user, request }) => ({
          body: await setDisabled(user!, request, params.id, false)
        })
      });
    }
  };
}
