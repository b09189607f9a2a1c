import type { Client } from '@temporalio/client';
import { and, asc, eq, ilike, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import {
  diseaseQuerySchema,
  diseaseSchema,
  institutionCodeSchema,
  institutionSchema,
  upsertInstitutionSchema
} from '../../domain/catalogues';
import type { Database } from '../../db/connection';
import { diseaseCatalogueSyncs, diseases, institutions } from '../../db/schema';
import { diseaseCatalogueSync } from '../../workflows';
import type { ApiModule } from '../app';
import { auditOf, type AuditEntry } from '../audit/audit-log';
import { toApiError } from '../applications/workflow-calls';

export interface CatalogueModuleDependencies {
  db: Database;
  temporalClient: Client;
  taskQueue: string;
  audit: (entry: AuditEntry) => Promise<void>;
}

/** Only one catalogue download runs at a time; a second "sync now" joins the running one. */
export const diseaseCatalogueSyncWorkflowId = 'disease-catalogue-sync';

export function createCataloguesModule(deps: CatalogueModuleDependencies): ApiModule {
  const { db } = deps;
  return {
    register(routes) {
      routes.route({
        method: 'get',
        path: '/api/diseases',
        summary: '门诊慢特病病种目录（来自医保 1309；默认只列有效病种）',
        tags: ['目录'],
        access: { public: '患者选择病种前需要浏览目录，目录为公开信息' },
        query: diseaseQuerySchema,
        response: z.object({ items: z.array(diseaseSchema) }),
        handler: async ({ query }) => {
          const conditions: SQL[] = [];
          if (query.includeInvalid !== 'true') conditions.push(eq(diseases.valid, true));
          if (query.q) {
            const pattern = `%${query.q.replace(/[%_\\]/g, '\\$&')}%`;
            const match = or(ilike(diseases.name, pattern), ilike(diseases.code, pattern));
            if (match) conditions.push(match);
          }
          const rows = await db
            .select()
            .from(diseases)
            .where(and(...conditions))
            .orderBy(asc(diseases.code));
          return {
            body: {
              items: rows.map(row => ({
                code: row.code,
                name: row.name,
                majorClassName: row.majorClassName,
                admdvs: row.admdvs,
                valid: row.valid,
                version: row.version
              }))
            }
          };
        }
      });

      routes.route({
        method: 'post',
        path: '/api/diseases/sync',
        summary: '立即从医保下载病种目录（1309 + 9102）',
        tags: ['目录'],
        access: { signedIn: 'staff', action: 'manage', subject: 'Disease' },
        response: z.object({ fromVersion: z.string(), toVersion: z.string(), count: z.number() }),
        handler: async ({ user, request }) => {
          try {
            const handle = await deps.temporalClient.workflow.start(diseaseCatalogueSync, {
              workflowId: diseaseCatalogueSyncWorkflowId,
              taskQueue: deps.taskQueue,
              workflowIdConflictPolicy: 'USE_EXISTING',
              args: [{ trigger: 'admin' }]
            });
            const result = await handle.result();
            await deps.audit(
              auditOf(
                user!,
                request,
                'catalogue_change',
                { type: 'disease_catalogue', id: result.toVersion },
                'success'
              )
            );
            return { body: result };
          } catch (error) {
            throw toApiError(error);
          }
        }
      });

      routes.route({
        method: 'get',
        path: '/api/diseases/syncs',
        summary: '病种目录同步记录',
        tags: ['目录'],
        access: { signedIn: 'staff', action: 'manage', subject: 'Disease' },
        response: z.object({
          items: z.array(
            z.object({
              fromVersion: z.string(),
              toVersion: z.string(),
              recordCount: z.number(),
              trigger: z.string(),
              finishedAt: z.string()
            })
          )
        }),
        handler: async () => {
          const rows = await db.select().from(diseaseCatalogueSyncs).orderBy(asc(diseaseCatalogueSyncs.finishedAt));
          return { body: { items: rows.map(row => ({ ...row, finishedAt: row.finishedAt.toISOString() })) } };
        }
      });

      routes.route({
        method: 'get',
        path: '/api/institutions',
        summary: '鉴定定点医药机构列表（患者从中选择，不能手填）',
        tags: ['目录'],
        access: { public: '患者提交申请时从机构列表中选择，列表为公开信息' },
        response: z.object({ items: z.array(institutionSchema) }),
        handler: async () => {
          const rows = await db
            .select()
            .from(institutions)
            .where(eq(institutions.valid, true))
            .orderBy(asc(institutions.code));
          return { body: { items: rows.map(({ updatedAt: _updatedAt, ...row }) => row) } };
        }
      });

      routes.route({
        method: 'put',
        path: '/api/institutions/:code',
        summary: '新增或修改鉴定定点医药机构（管理员）',
        tags: ['目录'],
        access: { signedIn: 'staff', action: 'manage', subject: 'Institution' },
        params: z.object({ code: institutionCodeSchema }),
        body: upsertInstitutionSchema,
        response: institutionSchema,
        handler: async ({ params, body, user, request }) => {
          const row = {
            code: params.code,
            name: body.name,
            level: body.level ?? null,
            admdvs: body.admdvs,
            address: body.address ?? null,
            valid: body.valid
          };
          await db
            .insert(institutions)
            .values({ ...row, updatedAt: new Date() })
            .onConflictDoUpdate({ target: institutions.code, set: { ...row, updatedAt: new Date() } });
          await deps.audit(
            auditOf(user!, request, 'catalogue_change', { type: 'institution', id: params.code }, 'success')
          );
          return { body: row };
        }
      });
    }
  };
}
