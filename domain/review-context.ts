import { z } from 'zod';
import { attachmentContentTypes, attachmentKinds } from './attachments';
import { hisDoctorSchema, hisVisitSchema } from './his';

/** What a reviewing doctor sees beside an application: HIS visits, 5205 medication records, the materials. */
export const hisVisitsResponseSchema = z.object({ since: z.string(), items: z.array(hisVisitSchema) });

export const medicationRecordSchema = z.object({
  feeOcurTime: z.string(),
  fixmedinsName: z.string(),
  medListCodg: z.string(),
  hilistName: z.string(),
  spec: z.string(),
  cnt: z.number(),
  pric: z.number()
});
export type MedicationRecord = z.infer<typeof medicationRecordSchema>;
export const medicationRecordsResponseSchema = z.object({ items: z.array(medicationRecordSchema) });

export const applicationAttachmentSchema = z.object({
  id: z.uuid(),
  kind: z.enum(attachmentKinds),
  kindLabel: z.string(),
  contentType: z.enum(attachmentContentTypes),
  sizeBytes: z.number(),
  uploadedAt: z.string()
});
export const applicationAttachmentsResponseSchema = z.object({ items: z.array(applicationAttachmentSchema) });

export const hisDoctorSearchSchema = z
  .object({
    query: z.string().trim().min(1).max(50).optional(),
    department: z.string().trim().min(1).max(50).optional()
  })
  .strict();
export const hisDoctorsResponseSchema = z.object({ items: z.array(hisDoctorSchema) });
