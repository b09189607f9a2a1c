import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { resolveTemporalCli } from '../../runtime/temporal-cli';
import type { TestSystem } from './system';

export const historiesFolder = path.join(import.meta.dirname, '..', 'fixtures', 'histories');

/**
 * With RECORD_HISTORIES=1, saves a finished workflow's history as a replay fixture (the CLI's JSON, the
 * format Temporal documents for replay). The committed fixtures are replayed by test/replay.test.ts against
 * the current workflow code, so a change that would break running workflows fails the suite.
 */
export async function recordHistory(system: TestSystem, workflowId: string, name: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const cli = await resolveTemporalCli({ cliPath: process.env.TEMPORAL_CLI_PATH, build: false });
  if (cli.kind !== 'path') throw new Error('recording histories needs the Temporal CLI');
  const { stdout } = await promisify(execFile)(
    cli.path,
    [
      'workflow',
      'show',
      '--workflow-id',
      workflowId,
      '--output',
      'json',
      '--address',
      system.config.temporalAddress,
      '--namespace',
      system.config.TEMPORAL_NAMESPACE
    ],
    { maxBuffer: 64 * 1024 * 1024 }
  );
  fs.mkdirSync(historiesFolder, { recursive: true });
  fs.writeFileSync(path.join(historiesFolder, `${name}.json`), stdout);
}
