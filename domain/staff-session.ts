import { z } from 'zod';

/** What sign-in answers: the bearer token, the user, and a restriction the session must clear first. */
export const sessionRestrictions = ['totp_enrollment', 'password_change'] as const;

export const sessionUserSchema = z.object({
  accountId: z.string(),
  kind: z.enum(['staff', 'patient']),
  roles: z.array(z.string()),
  displayName: z.string(),
  staffNo: z.string().optional(),
  department: z.string().optional(),
  dualChannelReviewer: z.boolean()
});
export type SessionUserView = z.infer<typeof sessionUserSchema>;

export const signInResponseSchema = z.object({
  token: z.string(),
  user: sessionUserSchema,
  restriction: z.enum(sessionRestrictions).optional()
});
export type SignInResponse = z.infer<typeof signInResponseSchema>;

export const currentUserSchema = z.object({ user: sessionUserSchema });

export const totpEnrollmentSchema = z.object({ secret: z.string(), otpauthUri: z.string() });
export type TotpEnrollment = z.infer<typeof totpEnrollmentSchema>;
