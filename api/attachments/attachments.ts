import { and, eq, inArray, isNull } from 'drizzle-orm';
import { z } from 'zod';
import {
  attachmentKindLabels,
  maxAttachmentBytes,
  sniffContentType,
  uploadAttachmentSchema
} from '../../domain/attachments';
import type { FieldCrypto } from '../../crypto/field-encryption';
import type { Database } from '../../db/connection';
import { applications, attachments } from '../../db/schema';
import type { ApiModule } from '../app';
import { badRequest, notFound } from '../errors';
import { loadApplicationFor } from '../applications/application-actions';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** Links the applicant's own, not yet used uploads to a new application; anything else is refused. */
export async function attachToApplication(
  tx: Transaction,
  ownerAccountId: string,
  applicationId: string,
  ids: string[] | undefined
): Promise<void> {
  if (!ids?.length) return;
  const linked = await tx
    .update(attachments)
    .set({ applicationId })
    .where(
      and(
        inArray(attachments.id, ids),
        eq(attachments.ownerAccountId, ownerAccountId),
        isNull(attachments.applicationId)
      )
    )
    .returning({ id: attachments.id });
  if (linked.length !== new Set(ids).size) throw badRequest('附件不存在或已被使用');
}

export function createAttachmentsModule(deps: { db: Database; fieldCrypto: FieldCrypto }): ApiModule {
  const { db, fieldCrypto } = deps;
  return {
    register(routes) {
      routes.route({
        method: 'post',
        path: '/api/attachments',
        summary: '上传申请材料（PDF/JPEG/PNG，≤5MB，按文件内容识别类型，加密保存）',
        tags: ['申请材料'],
        access: { signedIn: 'patient', action: 'create', subject: 'Application' },
        body: uploadAttachmentSchema,
        successStatus: 201,
        response: z.object({
          id: z.uuid(),
          kind: z.string(),
          kindLabel: z.string(),
          contentType: z.string(),
          sizeBytes: z.number()
        }),
        handler: async ({ body, user }) => {
          const bytes = Buffer.from(body.dataBase64, 'base64');
          if (bytes.length > maxAttachmentBytes) throw badRequest('文件不能超过5MB');
          if (sniffContentType(bytes) !== body.contentType)
            throw badRequest('文件内容与类型不符，只支持 PDF、JPEG、PNG 文件');
          const [row] = await db
            .insert(attachments)
            .values({
              ownerAccountId: user!.accountId,
              kind: body.kind,
              contentType: body.contentType,
              sizeBytes: bytes.length,
              contentEnc: Buffer.from(fieldCrypto.encrypt(body.dataBase64), 'utf8')
            })
            .returning({ id: attachments.id });
          return {
            status: 201,
            body: {
              id: row!.id,
              kind: body.kind,
              kindLabel: attachmentKindLabels[body.kind],
              contentType: body.contentType,
              sizeBytes: bytes.length
            }
          };
        }
      });

      routes.route({
        method: 'get',
        path: '/api/attachments/:id',
        summary: '下载申请材料（上传者本人，或有权查看该申请单的工作人员）',
        tags: ['申请材料'],
        access: { signedIn: 'any' },
        params: z.object({ id: z.uuid() }),
        errors: { 404: '材料不存在' },
        handler: async ({ params, user, ability, response, request }) => {
          const [row] = await db.select().from(attachments).where(eq(attachments.id, params.id));
          if (!row) throw notFound('材料不存在');
          if (row.ownerAccountId !== user!.accountId) {
            if (!row.applicationId) throw notFound('材料不存在');
            const [application] = await db
              .select({ kind: applications.kind })
              .from(applications)
              .where(eq(applications.id, row.applicationId));
            if (!application) throw notFound('材料不存在');
            await loadApplicationFor(db, user!, ability, row.applicationId, application.kind, 'read', {
              ip: request.ip ?? null
            });
          }
          const bytes = Buffer.from(fieldCrypto.decrypt(row.contentEnc.toString('utf8')), 'base64');
          response.setHeader('Content-Type', row.contentType);
          response.setHeader('Content-Disposition', `attachment; filename="${row.id}"`);
          response.setHeader('X-Content-Type-Options', 'nosniff');
          response.end(bytes);
          return undefined;
        }
      });
    }
  };
}
