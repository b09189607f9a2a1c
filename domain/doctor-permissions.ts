import { z } from 'zod';

/** A staff doctor as the permission screen lists them. */
export const doctorPermissionSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  staffNo: z.string().nullable(),
  department: z.string().nullable(),
  title: z.string().nullable(),
  disabled: z.boolean(),
  dualChannelReviewer: z.boolean(),
  grantedAt: z.string().nullable()
});
