import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { SessionUser } from '../../domain/abilities';
import { applications } from '../../db/schema';
import { applicationKindDefinitions } from '../../domain/application-kinds/registry';

/**
 * The applications a user may see, as SQL, so lists and details never load another person's rows. It
 * mirrors the `read Application` rules of domain/abilities.ts; abilities.test.ts keeps the two in step.
 */
export function applicationReadScope(user: SessionUser): SQL {
  const conditions: SQL[] = [];
  for (const role of user.roles) {
    if (role === 'admin') return sql`true`;
    if (role === 'patient') conditions.push(eq(applications.applicantAccountId, user.accountId));
    if (role === 'doctor') {
      if (user.department) conditions.push(eq(applications.department, user.department));
      conditions.push(eq(applications.reviewerAccountId, user.accountId));
      const granted = applicationKindDefinitions()
        .filter(kind => kind.review.by === 'dualChannelGrant')
        .map(kind => kind.id);
      if (user.dualChannelReviewer && granted.length) conditions.push(inArray(applications.kind, granted));
    }
  }
  return conditions.length ? (or(...conditions) ?? sql`false`) : sql`false`;
}

export function scopedById(user: SessionUser, id: string): SQL {
  return and(eq(applications.id, id), applicationReadScope(user)) ?? sql`false`;
}
