import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import type { TestProject } from 'vitest/node';
import { generateFieldKeyEntry } from '../../crypto/field-encryption';
import { openDatabase } from '../../db/connection';
import { migrateDatabase } from '../../db/migrate';
import { freePort } from '../../runtime/free-port';
import { resolveTemporalCli } from '../../runtime/temporal-cli';
import { startTemporalDevServer, type RunningTemporalDevServer } from '../../runtime/temporal-dev-server';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
    temporalAddress: string;
    temporalNamespace: string;
    /** One deployment's field keys: every test system of the run reads the rows the others wrote. */
    fieldKeys: string;
    fieldBlindIndexKey: string;
  }
}

const defaultTestDatabaseUrl = 'postgres://postgres@127.0.0.1:5432/test';
const testDatabasePrefix = 'yb_test_';

/**
 * Every run gets its own fresh database on the real PostgreSQL server and one Temporal dev server shared
 * by all test files (each test uses its own task queue and workflow ids).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const serverUrl = process.env.DATABASE_URL ?? defaultTestDatabaseUrl;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => undefined });
  const databaseName = `${testDatabasePrefix}${Date.now()}_${process.pid}`;
  // Databases left by runs that were killed more than a day ago.
  const stale = await admin<{ datname: string }[]>`
    select datname from pg_database where datname like ${testDatabasePrefix + '%'}`;
  for (const { datname } of stale) {
    const createdAt = Number(datname.slice(testDatabasePrefix.length).split('_')[0]);
    if (Date.now() - createdAt > 86_400_000) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  }
  await admin.unsafe(`create database "${databaseName}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${databaseName}`;
  const databaseUrl = url.toString();
  const handle = await openDatabase({ databaseUrl, dataDir: os.tmpdir(), embeddedPort: 0, maxConnections: 2 });
  await migrateDatabase(handle);
  await handle.close();

  let temporal: RunningTemporalDevServer | undefined;
  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  const temporalNamespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  let temporalDir: string | undefined;
  if (!temporalAddress) {
    const cli = await resolveTemporalCli({ cliPath: process.env.TEMPORAL_CLI_PATH });
    if (cli.kind !== 'path')
      throw new Error('Tests need the Temporal CLI: install Go or set TEMPORAL_CLI_PATH / TEMPORAL_ADDRESS');
    temporalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yb-temporal-'));
    temporal = await startTemporalDevServer({
      cliPath: cli.path,
      port: await freePort(),
      uiPort: 0,
      headless: true,
      namespace: temporalNamespace,
      dbFile: path.join(temporalDir, 'temporal.sqlite'),
      synchronous: 'OFF'
    });
    temporalAddress = temporal.address;
  }

  project.provide('databaseUrl', databaseUrl);
  project.provide('temporalAddress', temporalAddress);
  project.provide('temporalNamespace', temporalNamespace);
  project.provide('fieldKeys', generateFieldKeyEntry(1));
  project.provide('fieldBlindIndexKey', crypto.randomBytes(32).toString('hex'));

  return async () => {
    await temporal?.stop();
    if (temporalDir) fs.rmSync(temporalDir, { recursive: true, force: true });
    await admin.unsafe(`drop database if exists "${databaseName}" with (force)`);
    await admin.end();
  };
}
