import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import type { DatabaseHandle } from './connection';

export const migrationsFolder = fileURLToPath(new URL('./migrations', import.meta.url));

/** Any fixed 64-bit number shared by every process that migrates this database. */
const migrationLockKey = 7_302_503_2511;

/** Applies the committed migrations; an advisory lock keeps the API and the worker from racing. */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  const reserved = await handle.sql.reserve();
  try {
    await reserved`select pg_advisory_lock(${migrationLockKey})`;
    await migrate(handle.db, { migrationsFolder });
  } finally {
    await reserved`select pg_advisory_unlock(${migrationLockKey})`;
    reserved.release();
  }
}

function committedMigrationCount(): number {
  const journal = JSON.parse(fs.readFileSync(`${migrationsFolder}/meta/_journal.json`, 'utf8')) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** True when every committed migration has been applied to this database. */
export async function isDatabaseMigrated(handle: DatabaseHandle): Promise<boolean> {
  const [row] = await handle.sql<{ applied: number }[]>`
    select count(*)::int as applied from drizzle.__drizzle_migrations`.catch(() => [{ applied: -1 }]);
  return (row?.applied ?? -1) >= committedMigrationCount();
}
