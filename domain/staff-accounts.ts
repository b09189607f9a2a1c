import { z } from 'zod';
import { staffRoles } from './abilities';

/** Staff accounts as the security admin manages them (never password hashes or second-factor secrets). */
export const staffRoleSchema = z.enum(staffRoles, {
  error: '角色不正确，只能是系统管理员、医生、审计管理员或安全管理员'
});

export const staffAccountSchema = z.object({
  id: z.string(),
  username: z.string().nullable(),
  displayName: z.string(),
  roles: z.array(z.string()),
  staffNo: z.string().nullable(),
  department: z.string().nullable(),
  title: z.string().nullable(),
  disabled: z.boolean(),
  createdAt: z.string()
});
export type StaffAccount = z.infer<typeof staffAccountSchema>;

export const staffAccountListSchema = z.object({ items: z.array(staffAccountSchema) });
