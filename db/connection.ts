import path from 'node:path';
import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';
import { ensureEmbeddedPostgres } from './embedded';

export type Database = PostgresJsDatabase<typeof schema>;

export interface DatabaseHandle {
  db: Database;
  sql: postgres.Sql;
  url: string;
  close: () => Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPort: number;
  maxConnections?: number;
  /** False when DATABASE_URL points at an embedded PGlite served by another process. */
  preparedStatements?: boolean;
}

/** `DATABASE_URL` set → that server; unset → the shared embedded PGlite under the data directory. */
export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  let url = options.databaseUrl;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const embedded = await ensureEmbeddedPostgres(path.join(options.dataDir), options.embeddedPort);
    url = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const sql = postgres(url, {
    max: options.maxConnections ?? 10,
    // PGlite is one backend behind all connections: named prepared statements of different connections
    // would collide there, so the embedded mode sends unnamed ones.
    prepare: options.databaseUrl !== undefined && options.preparedStatements !== false,
    onnotice: () => undefined,
    connection: { application_name: 'jxutcm-yibao-filing' }
  });
  const db = drizzle(sql, { schema });
  return {
    db,
    sql,
    url,
    close: async () => {
      await sql.end({ timeout: 5 });
      await stopEmbedded?.();
    }
  };
}
