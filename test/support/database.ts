import os from 'node:os';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/connection';

/** A connection to this run's fresh, migrated database on the real PostgreSQL server. */
export function openTestDatabase(maxConnections = 5): Promise<DatabaseHandle> {
  return openDatabase({ databaseUrl: inject('databaseUrl'), dataDir: os.tmpdir(), embeddedPort: 0, maxConnections });
}
