/**
 * Restores the application database from a backup: `npm run restore -- --yes <file>`. Replaces everything
 * in DATABASE_URL's database in one transaction; stop the API and the worker first (docs/runbook.md).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { restoreDatabase } from '../runtime/backup';

const { values, positionals } = parseArgs({
  options: { yes: { type: 'boolean', default: false } },
  allowPositionals: true,
  strict: true
});
const file = positionals[0];
const databaseUrl = process.env.DATABASE_URL;
if (!file || !fs.existsSync(file) || !databaseUrl) {
  console.error('usage: DATABASE_URL=… npm run restore -- --yes <backup file>');
  process.exit(64);
}
if (!values.yes) {
  console.error(
    `this replaces every table of ${new URL(databaseUrl).pathname.slice(1)} with ${file}; add --yes to go on`
  );
  process.exit(64);
}
await restoreDatabase({ databaseUrl, file });
console.log(`restored ${file}`);
