/**
 * Demo staff accounts for development only (the start command calls this when APP_ENV=development and
 * prints the list). Idempotent: missing accounts are created, existing ones get the given password back.
 */
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Role } from '../domain/abilities';
import { checkPasswordPolicy } from '../domain/password-policy';
import { defaultPasswordIterations, hashPassword, verifyPassword } from '../crypto/password';
import type { AppConfig } from '../runtime/config';
import type { Database } from './connection';
import { dualChannelPermissions, userAccounts } from './schema';

const seedLockKey = 7_302_000_0602;

/** Documented in docs/security-decisions.md; used only when APP_ENV=development and DEMO_PASSWORD is unset. */
export const developmentDemoPassword = 'Jxtcm@2026';

export interface DemoAccount {
  username: string;
  roles: Role[];
  displayName: string;
  staffNo?: string;
  department?: string;
  title?: string;
  dualChannelReviewer?: boolean;
}

export const demoAccounts: DemoAccount[] = [
  { username: 'admin', roles: ['admin'], displayName: '系统管理员' },
  {
    username: 'doctor1',
    roles: ['doctor'],
    displayName: '王建国',
    staffNo: 'D1001',
    department: '内分泌科',
    title: '主任医师',
    dualChannelReviewer: true
  },
  {
    username: 'doctor2',
    roles: ['doctor'],
    displayName: '李秀英',
    staffNo: 'D1002',
    department: '心血管内科',
    title: '副主任医师'
  },
  { username: 'auditor', roles: ['auditor'], displayName: '审计管理员' },
  { username: 'secadmin', roles: ['secadmin'], displayName: '安全管理员' }
];

/** DEMO_PASSWORD, or the documented default in development; anywhere else it must be set explicitly. */
export function demoPassword(config: Pick<AppConfig, 'APP_ENV' | 'DEMO_PASSWORD'>): string {
  if (config.DEMO_PASSWORD) return config.DEMO_PASSWORD;
  if (config.APP_ENV === 'development') return developmentDemoPassword;
  throw new Error('DEMO_PASSWORD must be set to seed demo accounts outside development');
}

export async function seedDemoAccounts(
  db: Database,
  password: string,
  options: { iterations?: number } = {}
): Promise<DemoAccount[]> {
  const policy = checkPasswordPolicy(password);
  if (!policy.ok) throw new Error(`DEMO_PASSWORD does not meet the password policy: ${policy.problems.join('; ')}`);
  const iterations = options.iterations ?? defaultPasswordIterations;
  const now = new Date();
  await db.transaction(async tx => {
    // Several processes may start at once in development; one seeds, the others then find everything done.
    await tx.execute(sql`select pg_advisory_xact_lock(${seedLockKey})`);
    const ids = new Map<string, string>();
    for (const demo of demoAccounts) {
      const [existing] = await tx.select().from(userAccounts).where(eq(userAccounts.username, demo.username));
      if (!existing) {
        const [created] = await tx
          .insert(userAccounts)
          .values({
            kind: 'staff',
            username: demo.username,
            displayName: demo.displayName,
            roles: demo.roles,
            staffNo: demo.staffNo ?? null,
            department: demo.department ?? null,
            title: demo.title ?? null,
            passwordHash: await hashPassword(password, iterations),
            passwordChangedAt: now
          })
          .returning({ id: userAccounts.id });
        if (created) ids.set(demo.username, created.id);
        continue;
      }
      ids.set(demo.username, existing.id);
      if (!(await verifyPassword(password, existing.passwordHash, iterations)).ok) {
        await tx
          .update(userAccounts)
          .set({ passwordHash: await hashPassword(password, iterations), passwordChangedAt: now })
          .where(eq(userAccounts.id, existing.id));
      }
    }
    for (const demo of demoAccounts.filter(account => account.dualChannelReviewer)) {
      const doctorId = ids.get(demo.username);
      if (!doctorId) continue;
      const [active] = await tx
        .select({ id: dualChannelPermissions.id })
        .from(dualChannelPermissions)
        .where(and(eq(dualChannelPermissions.doctorAccountId, doctorId), isNull(dualChannelPermissions.revokedAt)));
      if (!active) {
        await tx
          .insert(dualChannelPermissions)
          .values({ doctorAccountId: doctorId, grantedBy: ids.get('admin') ?? null, grantedAt: now });
      }
    }
  });
  return demoAccounts;
}
