/** What a sign-in answers, shared by the API, the console and the mini-program. */
import { z } from 'zod';

export const mobilePhoneNumberSchema = z
  .string()
  .trim()
  .regex(/^1[3-9]\d{9}$/, '手机号码格式不正确');

export const sessionUserSchema = z.object({
  accountId: z.string(),
  kind: z.enum(['staff', 'patient']),
  roles: z.array(z.string()),
  displayName: z.string(),
  staffNo: z.string().optional(),
  department: z.string().optional(),
  dualChannelReviewer: z.boolean()
});

export const signInResponseSchema = z.object({
  token: z.string(),
  user: sessionUserSchema,
  restriction: z.enum(['totp_enrollment', 'password_change']).optional()
});
export type SignInResponse = z.infer<typeof signInResponseSchema>;

export const currentUserSchema = z.object({ user: sessionUserSchema });

/** A staff account's TOTP secret while it enrols (shown once, as a QR code in the console). */
export const totpEnrollmentSchema = z.object({ secret: z.string(), otpauthUri: z.string() });
export type TotpEnrollment = z.infer<typeof totpEnrollmentSchema>;
