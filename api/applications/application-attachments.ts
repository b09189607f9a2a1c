import { z } from 'zod';
import { attachmentsOfApplication } from '../../application-kinds/application-rows';
import { attachmentSummarySchema } from '../../domain/attachments';
import type { ApiRoutes } from '../route';
import { idParamsSchema, loadApplicationFor, type ApplicationActionDependencies } from './application-actions';

/**
 * The materials uploaded with an application of any kind, for the staff who may read it (the console's
 * detail and review workspace); each file's content comes from `GET /api/attachments/{id}`.
 */
export function registerAttachmentsRoute(
  routes: ApiRoutes,
  options: { basePath: string; kind: string; tag: string },
  deps: ApplicationActionDependencies
): void {
  routes.route({
    method: 'get',
    path: `${options.basePath}/:id/attachments`,
    summary: '申请单的申请材料列表（内容经 GET /api/attachments/{id} 获取）',
    tags: [options.tag],
    access: { signedIn: 'staff', action: 'read', subject: 'Application' },
    params: idParamsSchema,
    response: z.object({ items: z.array(attachmentSummarySchema) }),
    errors: { 404: '申请单不存在' },
    handler: async ({ params, user, ability, request }) => {
      const row = await loadApplicationFor(deps.db, user!, ability, params.id, options.kind, 'read', {
        ip: request.ip ?? null
      });
      return { body: { items: await attachmentsOfApplication(deps.db, row.id) } };
    }
  });
}
