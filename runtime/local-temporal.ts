import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { workflowSearchAttributes } from '../domain/workflow-search-attributes';
import { resolveTemporalCli } from './temporal-cli';
import { startTemporalDevServer } from './temporal-dev-server';

export interface LocalTemporal {
  address: string;
  uiUrl: string | undefined;
  origin: string;
  stop: () => Promise<void>;
}

/**
 * The development Temporal server: our CLI build (or one on PATH / TEMPORAL_CLI_PATH) with a file database
 * under the data directory; on a machine with internet and no Go, the SDK downloads the CLI itself.
 */
export async function startLocalTemporal(options: {
  dataDir: string;
  cliPath: string | undefined;
  port: number;
  uiPort: number;
  headless: boolean;
  namespace: string;
}): Promise<LocalTemporal> {
  const dbFile = path.join(options.dataDir, 'temporal', 'temporal.sqlite');
  const cli = await resolveTemporalCli({ cliPath: options.cliPath });
  if (cli.kind === 'path') {
    const server = await startTemporalDevServer({
      cliPath: cli.path,
      port: options.port,
      uiPort: options.uiPort,
      headless: options.headless,
      namespace: options.namespace,
      dbFile,
      synchronous: 'NORMAL'
    });
    return { address: server.address, uiUrl: server.uiUrl, origin: `${cli.origin}: ${cli.path}`, stop: server.stop };
  }
  const environment = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download' },
      ip: '127.0.0.1',
      port: options.port,
      namespace: options.namespace,
      dbFilename: dbFile,
      ui: !options.headless,
      uiPort: options.uiPort,
      extraArgs: ['--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=NORMAL'],
      searchAttributes: Object.entries(workflowSearchAttributes).map(([name]) =>
        defineSearchAttributeKey(name, SearchAttributeType.KEYWORD)
      )
    }
  });
  return {
    address: `127.0.0.1:${options.port}`,
    uiUrl: options.headless ? undefined : `http://127.0.0.1:${options.uiPort}`,
    origin: 'downloaded by the Temporal SDK',
    stop: () => environment.teardown()
  };
}
