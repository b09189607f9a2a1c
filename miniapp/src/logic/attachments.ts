/** Which files may be uploaded as application materials: PDF, JPEG or PNG of at most 5 MB. */
import { attachmentContentTypes, maxAttachmentBytes } from '../../../domain/attachments';
import type { PickedFile } from '../platform/platform';

export type AttachmentContentType = (typeof attachmentContentTypes)[number];

export function attachmentContentType(file: PickedFile): AttachmentContentType | undefined {
  return (attachmentContentTypes as readonly string[]).includes(file.contentType)
    ? (file.contentType as AttachmentContentType)
    : undefined;
}

/** Why this file cannot be uploaded, or undefined when it can. */
export function attachmentProblem(file: PickedFile): string | undefined {
  if (!attachmentContentType(file)) return '只能上传照片（JPG、PNG）或 PDF 文件';
  if (file.sizeBytes > maxAttachmentBytes) return '文件超过5MB，请重新拍照或压缩后再上传';
  return undefined;
}
