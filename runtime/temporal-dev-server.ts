import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { workflowSearchAttributes } from '../domain/workflow-search-attributes';

export interface TemporalDevServerOptions {
  cliPath: string;
  port: number;
  uiPort: number;
  headless: boolean;
  namespace: string;
  /** SQLite file; its folder is created. */
  dbFile: string;
  /** `NORMAL` keeps a development database safe across crashes; tests use `OFF` for speed. */
  synchronous: 'OFF' | 'NORMAL';
  /** Where the server's own output goes; defaults to a log file beside the database. */
  logFile?: string;
}

export interface RunningTemporalDevServer {
  address: string;
  uiUrl: string | undefined;
  process: ChildProcess;
  stop: () => Promise<void>;
}

export function devServerArgs(options: TemporalDevServerOptions): string[] {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--namespace',
    options.namespace,
    '--db-filename',
    options.dbFile,
    '--sqlite-pragma',
    'journal_mode=WAL',
    '--sqlite-pragma',
    `synchronous=${options.synchronous}`,
    '--log-level',
    'warn',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true'
  ];
  args.push(...(options.headless ? ['--headless'] : ['--ui-port', String(options.uiPort)]));
  for (const [name, type] of Object.entries(workflowSearchAttributes))
    args.push('--search-attribute', `${name}=${type}`);
  return args;
}

/** Waits until the frontend answers and the namespace exists. */
export async function waitForTemporal(
  address: string,
  namespace: string,
  timeoutMs: number,
  isAlive = () => true
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error('the Temporal dev server exited during start-up');
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1000 });
      try {
        await connection.workflowService.describeNamespace({ namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (error) {
      lastError = error;
      await sleep(250);
    }
  }
  throw new Error(`Temporal at ${address} did not become ready: ${String(lastError)}`);
}

export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<RunningTemporalDevServer> {
  fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });
  const logFile = options.logFile ?? `${options.dbFile}.log`;
  const log = fs.openSync(logFile, 'a');
  const child = spawn(options.cliPath, devServerArgs(options), { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const address = `127.0.0.1:${options.port}`;
  try {
    await waitForTemporal(address, options.namespace, 60_000, () => !exited);
  } catch (error) {
    child.kill('SIGKILL');
    const tail = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').slice(-2000) : '';
    throw new Error(`${(error as Error).message}\n${tail}`, { cause: error });
  }
  return {
    address,
    uiUrl: options.headless ? undefined : `http://127.0.0.1:${options.uiPort}`,
    process: child,
    stop: async () => {
      if (exited) return;
      const done = new Promise<void>(resolve => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const killed = await Promise.race([done.then(() => true), sleep(10_000).then(() => false)]);
      if (!killed) {
        child.kill('SIGKILL');
        await done;
      }
    }
  };
}
