import os from 'node:os';
import postgres from 'postgres';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/connection';
import { migrateDatabase } from '../../db/migrate';

/** A connection to this run's fresh, migrated database on the real PostgreSQL server. */
export function openTestDatabase(maxConnections = 5): Promise<DatabaseHandle> {
  return openDatabase({ databaseUrl: inject('databaseUrl'), dataDir: os.tmpdir(), embeddedPort: 0, maxConnections });
}

/**
 * A fresh, migrated database of its own, dropped on close, for a test that changes what every other file
 * relies on (the demo accounts' passwords, who holds a permission). Its name extends the run's database
 * name, so the global setup also removes it if a killed run left it behind.
 */
export async function openIsolatedTestDatabase(label: string): Promise<DatabaseHandle> {
  const shared = new URL(inject('databaseUrl'));
  const name = `${shared.pathname.slice(1)}_${label}`;
  const admin = postgres(shared.toString(), { max: 1, onnotice: () => undefined });
  await admin.unsafe(`create database "${name}"`);
  const url = new URL(shared);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString(), dataDir: os.tmpdir(), embeddedPort: 0 });
  await migrateDatabase(handle);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await admin.unsafe(`drop database if exists "${name}" with (force)`);
      await admin.end();
    }
  };
}
