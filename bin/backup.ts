/**
 * Backs up the application database: `npm run backup -- [--out <file>]` (default
 * backups/filing-<time>.dump). Needs DATABASE_URL and pg_dump of the server's major version.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { backupDatabase } from '../runtime/backup';

const { values } = parseArgs({ options: { out: { type: 'string' } }, strict: true });
const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.error('DATABASE_URL must name the database to back up');
  process.exit(64);
}
const file = path.resolve(
  values.out ?? path.join('backups', `filing-${new Date().toISOString().replace(/[:.]/g, '-')}.dump`)
);
fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
const { entries } = await backupDatabase({ databaseUrl, file });
fs.chmodSync(file, 0o600);
console.log(`backup written: ${file} (${fs.statSync(file).size} bytes, ${entries} archive entries)`);
