import { z } from 'zod';

export const attachmentKinds = ['diagnosis_proof', 'discharge_summary', 'test_report', 'other'] as const;
export const attachmentKindLabels: Record<(typeof attachmentKinds)[number], string> = {
  diagnosis_proof: '疾病诊断证明书',
  discharge_summary: '出院小结',
  test_report: '检查检验报告',
  other: '其他材料'
};
export const attachmentContentTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const maxAttachmentBytes = 5 * 1024 * 1024;

export const uploadAttachmentSchema = z
  .object({
    kind: z.enum(attachmentKinds),
    contentType: z.enum(attachmentContentTypes, '只支持 PDF、JPEG、PNG 文件'),
    /** The file, base64; at most 5 MB once decoded. */
    dataBase64: z
      .string()
      .min(8)
      .max(Math.ceil((maxAttachmentBytes * 4) / 3) + 4, '文件不能超过5MB')
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, '文件内容应为 base64')
  })
  .strict();

/** The type is decided by the bytes, not by what the client claims. */
export function sniffContentType(bytes: Uint8Array): (typeof attachmentContentTypes)[number] | undefined {
  const starts = (...signature: number[]) => signature.every((byte, index) => bytes[index] === byte);
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return 'application/pdf';
  if (starts(0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  return undefined;
}

/** A stored material as lists show it (the content is fetched on its own). */
export const attachmentSummarySchema = z.object({
  id: z.uuid(),
  kind: z.enum(attachmentKinds),
  kindLabel: z.string(),
  contentType: z.enum(attachmentContentTypes),
  sizeBytes: z.number(),
  uploadedAt: z.string()
});
export type AttachmentSummary = z.infer<typeof attachmentSummarySchema>;
