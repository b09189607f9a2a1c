import { z } from 'zod';

/**
 * What the hospital information system (HIS) tells us: its doctors and a patient's visits. The diagnosing
 * doctor of a filing (2503 `diag_dr_codg`/`diag_dr_name`, 2511 `atddr_no`/`dr_name`) is always taken from
 * here, never typed by hand.
 */

/** 工号: letters and digits only, so that nothing else (above all no ID number) can end up in a URL path. */
export const hisStaffNoSchema = z.string().regex(/^[A-Za-z0-9]{1,20}$/, '医生工号格式不正确');

export const doctorTitles = ['主任医师', '副主任医师', '主治医师', '住院医师'] as const;
export const doctorTitleSchema = z.enum(doctorTitles);
export type DoctorTitle = z.infer<typeof doctorTitleSchema>;

export const hisDoctorSchema = z.object({
  staffNo: hisStaffNoSchema,
  name: z.string().min(1).max(50),
  department: z.string().min(1).max(50),
  title: doctorTitleSchema,
  /** False once the doctor has left or lost prescribing rights: kept for old visits, not to be chosen. */
  active: z.boolean()
});
export type HisDoctor = z.infer<typeof hisDoctorSchema>;

/** A calendar date `yyyy-MM-dd` that exists (no 2月30日). */
const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为yyyy-MM-dd')
  .refine(text => {
    const [year, month, day] = text.split('-').map(Number) as [number, number, number];
    const date = new Date(Date.UTC(year, month - 1, day));
    return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  }, '日期不存在');

export const visitTypes = ['门诊', '住院'] as const;
export const visitTypeSchema = z.enum(visitTypes);
export type VisitType = z.infer<typeof visitTypeSchema>;

export const hisDiagnosisSchema = z.object({
  /** ICD-10 (医保版), e.g. `E11.900`; kept loose because a TCM hospital's HIS may also send 中医病证 codes. */
  code: z.string().min(1).max(30),
  name: z.string().min(1).max(100)
});
export type HisDiagnosis = z.infer<typeof hisDiagnosisSchema>;

export const hisVisitSchema = z.object({
  visitNo: z.string().min(1).max(30),
  visitDate: dateSchema,
  department: z.string().min(1).max(50),
  doctorStaffNo: hisStaffNoSchema,
  doctorName: z.string().min(1).max(50),
  /** The first entry is the main diagnosis. */
  diagnoses: z.array(hisDiagnosisSchema).min(1),
  visitType: visitTypeSchema
});
export type HisVisit = z.infer<typeof hisVisitSchema>;

export const hisDoctorFilterSchema = z.object({
  department: z.string().min(1).max(50).optional(),
  /** Part of the name or the start of the staff number. */
  query: z.string().min(1).max(50).optional()
});
export type HisDoctorFilter = z.infer<typeof hisDoctorFilterSchema>;

export const hisVisitQuerySchema = z.object({
  /** 18-digit 居民身份证号码 (format only; the HIS keys patients by it). */
  idNo: z.string().regex(/^\d{17}[\dX]$/, '身份证号码格式不正确'),
  /** Only visits on or after this date. */
  since: dateSchema.optional()
});
export type HisVisitQuery = z.infer<typeof hisVisitQuerySchema>;
