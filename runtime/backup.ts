/**
 * Backup and restore of the application database with PostgreSQL's own tools (pg_dump/pg_restore, custom
 * format). The password travels in the child's environment, never on its command line. Temporal keeps its
 * own databases; docs/runbook.md says how to back them up alongside and what to do after a restore.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** libpq's environment for a postgres:// URL: nothing secret appears in `ps`. */
export function libpqEnvironment(databaseUrl: string): NodeJS.ProcessEnv {
  const url = new URL(databaseUrl);
  if (!/^postgres(ql)?:$/.test(url.protocol)) throw new Error('DATABASE_URL must be a postgres:// URL');
  const sslmode = url.searchParams.get('sslmode');
  return {
    ...process.env,
    PGHOST: decodeURIComponent(url.hostname),
    PGPORT: url.port || '5432',
    PGUSER: decodeURIComponent(url.username || 'postgres'),
    PGDATABASE: decodeURIComponent(url.pathname.slice(1)),
    ...(url.password ? { PGPASSWORD: decodeURIComponent(url.password) } : {}),
    ...(sslmode ? { PGSSLMODE: sslmode } : {})
  };
}

/** Dumps the whole database to `file` and reads the archive's table of contents back as a check. */
export async function backupDatabase(options: { databaseUrl: string; file: string }): Promise<{ entries: number }> {
  const env = libpqEnvironment(options.databaseUrl);
  await run('pg_dump', ['--format=custom', '--compress=6', '--no-owner', '--no-privileges', `--file=${options.file}`], {
    env,
    maxBuffer: 16 * 1024 * 1024
  });
  const { stdout } = await run('pg_restore', ['--list', options.file], { env, maxBuffer: 64 * 1024 * 1024 });
  return { entries: stdout.split('\n').filter(line => /^\d+;/.test(line)).length };
}

/**
 * Replaces the database's contents with the archive's, in one transaction: a failed restore leaves the
 * database as it was. Stop the API and the worker first.
 */
export async function restoreDatabase(options: { databaseUrl: string; file: string }): Promise<void> {
  const env = libpqEnvironment(options.databaseUrl);
  await run(
    'pg_restore',
    [
      '--clean',
      '--if-exists',
      '--no-owner',
      '--no-privileges',
      '--single-transaction',
      '--exit-on-error',
      `--dbname=${env.PGDATABASE ?? ''}`,
      options.file
    ],
    { env, maxBuffer: 16 * 1024 * 1024 }
  );
}
