import { z } from 'zod';
import type { attachmentKinds, attachmentContentTypes } from '../../../domain/attachments';
import { apiCall } from './client';

export const uploadedAttachmentSchema = z.object({
  id: z.uuid(),
  kind: z.string(),
  kindLabel: z.string(),
  contentType: z.string(),
  sizeBytes: z.number()
});

export function uploadAttachment(body: {
  kind: (typeof attachmentKinds)[number];
  contentType: (typeof attachmentContentTypes)[number];
  dataBase64: string;
}) {
  return apiCall('POST', '/api/attachments', { body, schema: uploadedAttachmentSchema });
}
