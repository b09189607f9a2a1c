import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { AbilitySubject } from '../../domain/abilities';
import {
  catalogueListQuerySchema,
  createDualChannelInstitutionSchema,
  createSpecialDrugSchema,
  dualChannelInstitutionSchema,
  drugCodeSchema,
  institutionCodeSchema,
  specialDrugSchema,
  updateDualChannelInstitutionSchema,
  updateSpecialDrugSchema
} from '../../domain/catalogues';
import type { Database } from '../../db/connection';
import { dualChannelInstitutions, specialDrugs } from '../../db/schema';
import type { ApiModule } from '../app';
import { auditOf, type AuditEntry, type AuditTargetType } from '../audit/audit-log';
import { conflict, notFound } from '../errors';
import type { ApiRoutes } from '../route';

export interface DualChannelCatalogueDependencies {
  db: Database;
  audit: (entry: AuditEntry) => Promise<void>;
}

type DrugRow = typeof specialDrugs.$inferSelect;
type InstitutionRow = typeof dualChannelInstitutions.$inferSelect;

const drugOf = (row: DrugRow) => ({
  code: row.code,
  name: row.name,
  specification: row.specification,
  manufacturer: row.manufacturer,
  indications: row.indications,
  valid: row.valid
});
const institutionOf = (row: InstitutionRow) => ({
  code: row.code,
  name: row.name,
  poolingAreaCode: row.poolingAreaCode,
  valid: row.valid
});

/**
 * One catalogue's routes: the public list of valid entries (admins may ask for all), create, edit, enable and
 * disable. Both dual-channel catalogues have the same verbs; only the table and the texts differ.
 */
interface CatalogueSpec<Row, Item, Create extends { code: string }, Update extends { valid?: boolean | undefined }> {
  path: string;
  label: string;
  subject: AbilitySubject;
  auditType: AuditTargetType;
  codeSchema: z.ZodType<string>;
  itemSchema: z.ZodType<Item>;
  createSchema: z.ZodType<Create>;
  updateSchema: z.ZodType<Update>;
  toItem: (row: Row) => Item;
  list: (includeInvalid: boolean) => Promise<Row[]>;
  insert: (body: Create) => Promise<Row | undefined>;
  update: (code: string, changes: Partial<Update>) => Promise<Row | undefined>;
}

function registerCatalogue<Row, Item, Create extends { code: string }, Update extends { valid?: boolean | undefined }>(
  routes: ApiRoutes,
  deps: DualChannelCatalogueDependencies,
  spec: CatalogueSpec<Row, Item, Create, Update>
): void {
  const tags = ['目录'];
  const params = z.object({ code: spec.codeSchema });
  const audited = async (
    user: Parameters<typeof auditOf>[0],
    request: Parameters<typeof auditOf>[1],
    code: string,
    change: string
  ) =>
    deps.audit(auditOf(user, request, 'catalogue_change', { type: spec.auditType, id: code }, 'success', { change }));

  routes.route({
    method: 'get',
    path: spec.path,
    summary: `${spec.label}（默认只列有效项；管理员可加 includeInvalid=true 查看全部）`,
    tags,
    access: { public: `患者提交双通道申请时从${spec.label}中选择，目录为公开信息` },
    query: catalogueListQuerySchema,
    response: z.object({ items: z.array(spec.itemSchema) }),
    handler: async ({ query, ability }) => {
      const includeInvalid = query.includeInvalid === 'true' && ability.can('manage', spec.subject);
      return { body: { items: (await spec.list(includeInvalid)).map(spec.toItem) } };
    }
  });

  routes.route({
    method: 'post',
    path: spec.path,
    summary: `新增${spec.label}条目（管理员）`,
    tags,
    access: { signedIn: 'staff', action: 'manage', subject: spec.subject },
    body: spec.createSchema,
    response: spec.itemSchema,
    successStatus: 201,
    errors: { 409: '编码已存在' },
    handler: async ({ body, user, request }) => {
      const row = await spec.insert(body);
      if (!row) throw conflict(`${spec.label}中已有编码 ${body.code}`, 'DUPLICATE_CODE');
      await audited(user!, request, body.code, 'create');
      return { status: 201, body: spec.toItem(row) };
    }
  });

  routes.route({
    method: 'put',
    path: `${spec.path}/:code`,
    summary: `修改${spec.label}条目（管理员）`,
    tags,
    access: { signedIn: 'staff', action: 'manage', subject: spec.subject },
    params,
    body: spec.updateSchema,
    response: spec.itemSchema,
    errors: { 404: '编码不存在' },
    handler: async ({ params: { code }, body, user, request }) => {
      const row = await spec.update(code, body);
      if (!row) throw notFound(`${spec.label}中没有编码 ${code}`);
      await audited(user!, request, code, 'update');
      return { body: spec.toItem(row) };
    }
  });

  for (const [verb, valid, label] of [
    ['enable', true, '启用'],
    ['disable', false, '停用']
  ] as const) {
    routes.route({
      method: 'post',
      path: `${spec.path}/:code/${verb}`,
      summary: `${label}${spec.label}条目（管理员；停用后不能再申请，已有申请不受影响）`,
      tags,
      access: { signedIn: 'staff', action: 'manage', subject: spec.subject },
      params,
      response: spec.itemSchema,
      errors: { 404: '编码不存在' },
      handler: async ({ params: { code }, user, request }) => {
        const row = await spec.update(code, { valid } as Partial<Update>);
        if (!row) throw notFound(`${spec.label}中没有编码 ${code}`);
        await audited(user!, request, code, verb);
        return { body: spec.toItem(row) };
      }
    });
  }
}

/** 特药目录 (`/api/special-drugs`) and 双通道定点医药机构 (`/api/dual-channel-institutions`). */
export function createDualChannelCataloguesModule(deps: DualChannelCatalogueDependencies): ApiModule {
  const { db } = deps;
  return {
    register(routes) {
      registerCatalogue(routes, deps, {
        path: '/api/special-drugs',
        label: '双通道特药目录',
        subject: 'SpecialDrug',
        auditType: 'special_drug',
        codeSchema: drugCodeSchema,
        itemSchema: specialDrugSchema,
        createSchema: createSpecialDrugSchema,
        updateSchema: updateSpecialDrugSchema,
        toItem: drugOf,
        list: includeInvalid =>
          db
            .select()
            .from(specialDrugs)
            .where(includeInvalid ? undefined : eq(specialDrugs.valid, true))
            .orderBy(asc(specialDrugs.code)),
        insert: async body =>
          (
            await db
              .insert(specialDrugs)
              .values({
                code: body.code,
                name: body.name,
                specification: body.specification ?? null,
                manufacturer: body.manufacturer ?? null,
                indications: body.indications ?? null,
                valid: body.valid
              })
              .onConflictDoNothing()
              .returning()
          )[0],
        update: async (code, changes) =>
          (
            await db
              .update(specialDrugs)
              .set({ ...changes, updatedAt: new Date() })
              .where(eq(specialDrugs.code, code))
              .returning()
          )[0]
      });

      registerCatalogue(routes, deps, {
        path: '/api/dual-channel-institutions',
        label: '双通道定点医药机构',
        subject: 'DualChannelInstitution',
        auditType: 'dual_channel_institution',
        codeSchema: institutionCodeSchema,
        itemSchema: dualChannelInstitutionSchema,
        createSchema: createDualChannelInstitutionSchema,
        updateSchema: updateDualChannelInstitutionSchema,
        toItem: institutionOf,
        list: includeInvalid =>
          db
            .select()
            .from(dualChannelInstitutions)
            .where(includeInvalid ? undefined : eq(dualChannelInstitutions.valid, true))
            .orderBy(asc(dualChannelInstitutions.code)),
        insert: async body =>
          (
            await db
              .insert(dualChannelInstitutions)
              .values({ code: body.code, name: body.name, poolingAreaCode: body.poolingAreaCode, valid: body.valid })
              .onConflictDoNothing()
              .returning()
          )[0],
        update: async (code, changes) =>
          (
            await db
              .update(dualChannelInstitutions)
              .set({ ...changes, updatedAt: new Date() })
              .where(eq(dualChannelInstitutions.code, code))
              .returning()
          )[0]
      });
    }
  };
}
