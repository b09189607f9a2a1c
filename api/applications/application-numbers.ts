import { sql } from 'drizzle-orm';
import type { Database } from '../../db/connection';
import { applicationNoSequences } from '../../db/schema';
import { formatApplicationNo } from '../../domain/application';
import { chinaDate } from '../../domain/china-time';

type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** The next readable application number of the day; the counter row's lock makes it unique. */
export async function nextApplicationNo(tx: Transaction, prefix: string, at: Date): Promise<string> {
  const day = chinaDate(at).replaceAll('-', '');
  const [row] = await tx
    .insert(applicationNoSequences)
    .values({ prefix, day, lastValue: 1 })
    .onConflictDoUpdate({
      target: [applicationNoSequences.prefix, applicationNoSequences.day],
      set: { lastValue: sql`${applicationNoSequences.lastValue} + 1` }
    })
    .returning({ value: applicationNoSequences.lastValue });
  if (!row) throw new Error('application number sequence returned nothing');
  return formatApplicationNo(prefix, day, row.value);
}
