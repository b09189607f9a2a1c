/**
 * Creates the first security admin of an installation: `npm run bootstrap -- --secadmin <username>
 * [--name <display name>]`. Prints a one-time password that must be changed at the first sign-in.
 */
import { parseArgs } from 'node:util';
import { BootstrapRefusedError, createFirstSecurityAdmin } from '../api/accounts/first-security-admin';
import { openDatabase } from '../db/connection';
import { migrateDatabase } from '../db/migrate';
import { config } from '../runtime/config';

const { values } = parseArgs({ options: { secadmin: { type: 'string' }, name: { type: 'string' } }, strict: true });
if (!values.secadmin) {
  console.error('usage: npm run bootstrap -- --secadmin <username> [--name <display name>]');
  process.exit(64);
}
const cfg = config();
const database = await openDatabase({
  databaseUrl: cfg.DATABASE_URL,
  dataDir: cfg.dataDir,
  embeddedPort: cfg.EMBEDDED_PG_PORT,
  preparedStatements: cfg.DATABASE_PREPARED_STATEMENTS,
  maxConnections: 2
});
try {
  await migrateDatabase(database);
  const created = await createFirstSecurityAdmin(database.db, {
    username: values.secadmin,
    displayName: values.name ?? '安全管理员',
    passwordIterations: cfg.PASSWORD_PBKDF2_ITERATIONS
  });
  process.stdout.write(
    [
      `security admin ${created.username} created`,
      `one-time password: ${created.oneTimePassword}`,
      'It is shown only now. The first sign-in must replace it (and then enrol the second factor).',
      ''
    ].join('\n')
  );
} catch (error) {
  if (!(error instanceof BootstrapRefusedError)) throw error;
  console.error(`refused: ${error.message}`);
  process.exitCode = 1;
} finally {
  await database.close();
}
