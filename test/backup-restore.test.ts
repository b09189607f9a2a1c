import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../api/audit/audit-log';
import { openDatabase } from '../db/connection';
import { applicationNoSequences } from '../db/schema';
import { chronicKind } from '../domain/application-kinds/chronic';
import { chinaDate } from '../domain/china-time';
import { isDatabaseMigrated } from '../db/migrate';
import { projectRoot } from '../runtime/paths';
import { adults, linkPerson, submitChronic, syncCatalogue, waitForStatus } from './support/applications';
import { openIsolatedTestDatabase } from './support/database';
import { signInPatient, signInStaff } from './support/http';
import { startTestSystem } from './support/system';

const run = promisify(execFile);

/** Everything the drill must get back, row for row. */
async function snapshot(databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => undefined });
  try {
    const rows = async (query: string) => (await sql.unsafe<{ row: string }[]>(query)).map(({ row }) => row);
    return {
      applications: await rows(`select row_to_json(a)::text as row from applications a order by id`),
      history: await rows(`select row_to_json(h)::text as row from application_status_history h order by id`),
      interfaceLog: await rows(
        `select row_to_json(l)::text as row from yibao_interface_log l order by called_at, msgid, attempt`
      ),
      auditChain: await rows(`select id || ':' || prev_hash || ':' || hash as row from audit_logs order by id`),
      accounts: await rows(`select row_to_json(u)::text as row from user_accounts u order by id`)
    };
  } finally {
    await sql.end();
  }
}

describe('the backup and restore drill', () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'yb-backup-'));
  let databaseUrl: string;
  let dropDatabase: () => Promise<void>;

  beforeAll(async () => {
    const database = await openIsolatedTestDatabase('drill');
    databaseUrl = database.url;
    // Workflow ids come from application numbers, which restart in a database of its own: start this one's
    // far from the shared database's, since both share one Temporal namespace.
    await database.db.insert(applicationNoSequences).values({
      prefix: chronicKind.applicationNoPrefix,
      day: chinaDate(new Date()).replaceAll('-', ''),
      lastValue: crypto.randomInt(500_000, 900_000)
    });
    dropDatabase = () => database.close();
    const system = await startTestSystem('drill', { DATABASE_URL: databaseUrl });
    try {
      const admin = await signInStaff(system, 'admin');
      await syncCatalogue(system, admin);
      const [first, second] = await adults(system);
      for (const [index, person] of [first!, second!].entries()) {
        const patient = await signInPatient(system, `1390791${String(7700 + index).padStart(4, '0')}`);
        const patientId = await linkPerson(system, patient, person);
        const submitted = await submitChronic(system, patient, patientId, 'M03900');
        await waitForStatus(system, patient, submitted.id, 'under_review');
      }
    } finally {
      // Stopping writes the interface log's queued rows.
      await system.stop();
    }
  });
  afterAll(async () => {
    await dropDatabase?.();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('backs up, destroys, restores and finds every application, log row and audit-chain link intact', async () => {
    const before = await snapshot(databaseUrl);
    expect(before.applications).toHaveLength(2);
    expect(before.interfaceLog.length).toBeGreaterThan(3);
    expect(before.auditChain.length).toBeGreaterThan(3);

    const file = path.join(folder, 'filing.dump');
    const env = { ...process.env, DATABASE_URL: databaseUrl };
    const backup = await run(process.execPath, ['--import', 'tsx', 'bin/backup.ts', '--out', file], {
      cwd: projectRoot,
      env
    });
    expect(backup.stdout).toContain('backup written');
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');

    // Destroy: the database is gone, then exists again empty.
    const name = new URL(databaseUrl).pathname.slice(1);
    const server = new URL(databaseUrl);
    server.pathname = '/postgres';
    const admin = postgres(server.toString(), { max: 1, onnotice: () => undefined });
    await admin.unsafe(`drop database "${name}" with (force)`);
    await admin.unsafe(`create database "${name}"`);
    await admin.end();
    expect((await snapshot(databaseUrl).catch(() => undefined))?.applications).toBeUndefined();

    const refused = await run(process.execPath, ['--import', 'tsx', 'bin/restore.ts', file], {
      cwd: projectRoot,
      env
    }).catch((error: { code: number }) => error);
    expect((refused as { code: number }).code).toBe(64);
    await run(process.execPath, ['--import', 'tsx', 'bin/restore.ts', '--yes', file], { cwd: projectRoot, env });

    expect(await snapshot(databaseUrl)).toEqual(before);
    const restored = await openDatabase({ databaseUrl, dataDir: os.tmpdir(), embeddedPort: 0, maxConnections: 1 });
    try {
      expect(await isDatabaseMigrated(restored)).toBe(true);
      expect(await verifyAuditChain(restored.db)).toEqual({ valid: true, checked: before.auditChain.length });
    } finally {
      await restored.close();
    }
  });
});
