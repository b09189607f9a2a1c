import fs from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { workflowBundle } from './support/temporal';
import { historiesFolder } from './support/histories';

const fixtures = fs.existsSync(historiesFolder)
  ? fs.readdirSync(historiesFolder).filter(file => file.endsWith('.json'))
  : [];

describe('replay of recorded workflow histories', () => {
  it('has recorded histories of both kinds to replay', () => {
    expect(fixtures.filter(file => file.startsWith('chronic-')).length).toBeGreaterThanOrEqual(5);
    expect(fixtures.filter(file => file.startsWith('dual-channel-')).length).toBeGreaterThanOrEqual(5);
  });

  for (const file of fixtures) {
    it(`replays ${file.replace('.json', '')} with the current workflow code`, async () => {
      // The worker takes the CLI's JSON as it is.
      const history: unknown = JSON.parse(fs.readFileSync(path.join(historiesFolder, file), 'utf8'));
      await Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history, file);
    });
  }
});
