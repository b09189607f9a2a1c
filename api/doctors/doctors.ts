import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { doctorPermissionSchema } from '../../domain/doctor-permissions';
import type { Database } from '../../db/connection';
import { dualChannelPermissions, userAccounts } from '../../db/schema';
import type { ApiModule } from '../app';
import { appendAudit, auditOf } from '../audit/audit-log';
import { notFound } from '../errors';

export interface DoctorsModuleDependencies {
  db: Database;
}

const doctorParamsSchema = z.object({ id: z.uuid('医生账号编号不正确') });

/**
 * Staff doctors and the dual-channel review permission (医保办 grants it). The session reads the grant on
 * every request (api/auth/sessions.ts), so a grant or revocation applies to the doctor's next request and
 * ends nothing else: sessions and reviews already recorded stay as they are.
 */
export function createDoctorsModule(deps: DoctorsModuleDependencies): ApiModule {
  const { db } = deps;

  async function doctors(id?: string) {
    const rows = await db
      .select({
        account: userAccounts,
        grantedAt: dualChannelPermissions.grantedAt
      })
      .from(userAccounts)
      .leftJoin(
        dualChannelPermissions,
        and(eq(dualChannelPermissions.doctorAccountId, userAccounts.id), isNull(dualChannelPermissions.revokedAt))
      )
      .where(
        and(
          eq(userAccounts.kind, 'staff'),
          sql`'doctor' = any(${userAccounts.roles})`,
          ...(id ? [eq(userAccounts.id, id)] : [])
        )
      )
      .orderBy(asc(userAccounts.staffNo));
    return rows.map(({ account, grantedAt }) => ({
      id: account.id,
      displayName: account.displayName,
      staffNo: account.staffNo,
      department: account.department,
      title: account.title,
      disabled: account.disabled,
      dualChannelReviewer: grantedAt !== null,
      grantedAt: grantedAt?.toISOString() ?? null
    }));
  }

  async function doctor(id: string) {
    const [found] = await doctors(id);
    if (!found) throw notFound('医生账号不存在');
    return found;
  }

  return {
    register(routes) {
      routes.route({
        method: 'get',
        path: '/api/doctors',
        summary: '医生账号及其双通道审核权限（管理员）',
        tags: ['医生权限'],
        access: { signedIn: 'staff', action: 'manage', subject: 'DoctorPermission' },
        response: z.object({ items: z.array(doctorPermissionSchema) }),
        handler: async () => ({ body: { items: await doctors() } })
      });

      routes.route({
        method: 'put',
        path: '/api/doctors/:id/dual-channel-permission',
        summary: '开通医生的双通道特药审核权限（管理员；已开通则不变）',
        tags: ['医生权限'],
        access: { signedIn: 'staff', action: 'manage', subject: 'DoctorPermission' },
        params: doctorParamsSchema,
        response: doctorPermissionSchema,
        errors: { 404: '医生账号不存在' },
        handler: async ({ params, user, request }) => {
          const target = await doctor(params.id);
          if (!target.dualChannelReviewer) {
            await db.transaction(async tx => {
              // The partial unique index keeps one active grant; a concurrent grant simply finds it there.
              await tx
                .insert(dualChannelPermissions)
                .values({ doctorAccountId: params.id, grantedBy: user!.accountId, grantedAt: new Date() })
                .onConflictDoNothing();
              await appendAudit(
                tx,
                auditOf(user!, request, 'permission_change', { type: 'doctor', id: params.id }, 'success', {
                  permission: 'dual_channel_review',
                  change: 'grant'
                })
              );
            });
          }
          return { body: await doctor(params.id) };
        }
      });

      routes.route({
        method: 'delete',
        path: '/api/doctors/:id/dual-channel-permission',
        summary: '收回医生的双通道特药审核权限（管理员；不影响其会话和已完成的审核）',
        tags: ['医生权限'],
        access: { signedIn: 'staff', action: 'manage', subject: 'DoctorPermission' },
        params: doctorParamsSchema,
        response: doctorPermissionSchema,
        errors: { 404: '医生账号不存在' },
        handler: async ({ params, user, request }) => {
          const target = await doctor(params.id);
          if (target.dualChannelReviewer) {
            await db.transaction(async tx => {
              await tx
                .update(dualChannelPermissions)
                .set({ revokedBy: user!.accountId, revokedAt: new Date() })
                .where(
                  and(eq(dualChannelPermissions.doctorAccountId, params.id), isNull(dualChannelPermissions.revokedAt))
                );
              await appendAudit(
                tx,
                auditOf(user!, request, 'permission_change', { type: 'doctor', id: params.id }, 'success', {
                  permission: 'dual_channel_review',
                  change: 'revoke'
                })
              );
            });
          }
          return { body: await doctor(params.id) };
        }
      });
    }
  };
}
