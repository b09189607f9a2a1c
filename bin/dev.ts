/**
 * Starts the whole system on one machine with embedded defaults: PostgreSQL (or DATABASE_URL), a Temporal
 * dev server (or TEMPORAL_ADDRESS), the Yibao and HIS simulators, the worker and the API, and rebuilds the
 * browser fronts the API serves when their sources changed. Ctrl-C or SIGTERM stops all of it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { developmentDemoPassword } from '../db/seed-demo';
import { config } from '../runtime/config';
import { ensureEmbeddedPostgres } from '../db/embedded';
import { buildStaleFronts, isBuilt } from '../runtime/front-builds';
import { fronts, type Front } from '../runtime/fronts';
import { startLocalTemporal, type LocalTemporal } from '../runtime/local-temporal';
import { projectRoot } from '../runtime/paths';

if (process.env.APP_ENV === 'production') {
  console.error(
    'npm start is the development composition (simulators, demo accounts); in production run npm run api and npm run worker'
  );
  process.exit(64);
}
const cfg = config({ appEnv: 'development' });
fs.mkdirSync(cfg.dataDir, { recursive: true });

const children = new Map<string, ChildProcess>();
let stopping = false;
let temporal: LocalTemporal | undefined;
let stopEmbedded: (() => Promise<void>) | undefined;

function say(line: string): void {
  process.stdout.write(`[dev] ${line}\n`);
}

function startChild(name: string, script: string, env: NodeJS.ProcessEnv): void {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'bin', script)], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  const prefix = (stream: NodeJS.ReadableStream, out: NodeJS.WriteStream) => {
    let buffered = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  child.once('exit', (code, signal) => {
    children.delete(name);
    if (!stopping) say(`${name} exited (${signal ?? `code ${code}`}); start it again with: npm run ${name}`);
  });
  children.set(name, child);
}

async function stopAll(): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping…');
  const exits = [...children.entries()].map(
    ([, child]) =>
      new Promise<void>(resolve => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      })
  );
  const allExited = Promise.all(exits).then(() => true);
  if (!(await Promise.race([allExited, sleep(15_000).then(() => false)]))) {
    for (const child of children.values()) child.kill('SIGKILL');
  }
  await temporal?.stop();
  await stopEmbedded?.();
  say('stopped');
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopAll().then(() => process.exit(0));
  });
}

async function waitUntilReady(url: string, timeoutMs: number): Promise<Record<string, string> | undefined> {
  const deadline = Date.now() + timeoutMs;
  let last: Record<string, string> | undefined;
  while (Date.now() < deadline && !stopping) {
    try {
      const response = await fetch(url);
      last = (await response.json()) as Record<string, string>;
      if (response.ok) return undefined;
    } catch {
      // The API is still starting.
    }
    await sleep(1000);
  }
  return last ?? { api: 'not answering' };
}

async function main(): Promise<void> {
  // Built while the services start; the API serves each front as soon as its files are there.
  const frontBuilds = buildStaleFronts(line => process.stdout.write(`[fronts] ${line}\n`));
  let databaseUrl = cfg.DATABASE_URL;
  if (!databaseUrl) {
    const embedded = await ensureEmbeddedPostgres(cfg.dataDir, cfg.EMBEDDED_PG_PORT);
    databaseUrl = embedded.url;
    stopEmbedded = embedded.stop;
    say(`embedded PostgreSQL (PGlite) at ${databaseUrl}, data in ${path.join(cfg.dataDir, 'pglite')}`);
  } else {
    say('PostgreSQL from DATABASE_URL');
  }

  let temporalAddress = cfg.TEMPORAL_ADDRESS;
  if (!temporalAddress) {
    say('starting the Temporal dev server…');
    temporal = await startLocalTemporal({
      dataDir: cfg.dataDir,
      cliPath: cfg.TEMPORAL_CLI_PATH,
      port: cfg.TEMPORAL_PORT,
      uiPort: cfg.TEMPORAL_UI_PORT,
      headless: cfg.TEMPORAL_HEADLESS,
      namespace: cfg.TEMPORAL_NAMESPACE
    });
    temporalAddress = temporal.address;
    say(`Temporal at ${temporalAddress} (${temporal.origin})`);
  } else {
    say(`Temporal from TEMPORAL_ADDRESS ${temporalAddress}`);
  }

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // The API and the worker default to production when started on their own.
    APP_ENV: cfg.APP_ENV,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    ...(stopEmbedded ? { DATABASE_PREPARED_STATEMENTS: '0' } : {}),
    // A demo should see the bureau's decision within seconds, not the production hour.
    FILING_POLL_INTERVAL: process.env.FILING_POLL_INTERVAL ?? '15s'
  };
  startChild('yibao-sim', 'yibao-sim.ts', env);
  startChild('his-sim', 'his-sim.ts', env);
  startChild('worker', 'worker.ts', env);
  startChild('api', 'api.ts', env);

  const apiUrl = `http://127.0.0.1:${cfg.PORT}`;
  const notReady = await waitUntilReady(`${apiUrl}/readyz`, 180_000);
  if (stopping) return;
  if (notReady) say(`not ready after 3 minutes: ${JSON.stringify(notReady)}`);
  const { failed } = await frontBuilds;
  if (stopping) return;
  const frontNote = (front: Front) =>
    failed.includes(front.name) ? '   (build failed, see above)' : isBuilt(front) ? '' : '   (not built, see above)';
  const frontLine = (front: Front) => `  ${front.title}  ${apiUrl}${front.mountPath}${frontNote(front)}`;
  const lines = [
    '',
    '江西中医药大学附属医院 慢特病与双通道备案系统 — running',
    ...fronts.map(frontLine),
    `  API                ${apiUrl}   (OpenAPI: ${apiUrl}/api/openapi.json, ready: ${apiUrl}/readyz)`,
    `  Yibao simulator    http://127.0.0.1:${cfg.YIBAO_SIM_PORT}/sim/persons`,
    `  HIS simulator      http://127.0.0.1:${cfg.HIS_SIM_PORT}`,
    `  Temporal           ${temporalAddress}${temporal?.uiUrl ? `   Web UI: ${temporal.uiUrl}` : ''}`,
    ...(cfg.APP_ENV === 'development'
      ? [
          `  Demo accounts (password ${process.env.DEMO_PASSWORD ? 'from DEMO_PASSWORD' : developmentDemoPassword}):`,
          '    admin · doctor1 (双通道权限) · doctor2 · auditor · secadmin',
          '    patients: sign in by SMS code; the code is at /api/dev/sms-outbox?phone=…'
        ]
      : []),
    '  Ctrl-C stops everything.',
    ''
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

main().catch(async (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  await stopAll();
  process.exit(1);
});
