import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from './paths';

/**
 * The newest Temporal CLI release that builds from the Go module proxy: later ones carry a `replace`
 * to a nested module the proxy does not serve (see README, development notes).
 */
export const temporalCliVersion = 'v1.5.1';
export const temporalCliModule = 'github.com/temporalio/cli/cmd/temporal';

export type TemporalCliSource =
  { kind: 'path'; path: string; origin: 'TEMPORAL_CLI_PATH' | 'PATH' | 'cache' | 'built' } | { kind: 'sdk-download' };

export const cachedCliDir = path.join(projectRoot, '.cache', 'temporal', temporalCliVersion);
export const cachedCliPath = path.join(cachedCliDir, 'temporal');

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function findOnPath(command: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of searchPath.split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** Builds the CLI with Go into the project's cache, printing progress as packages compile. */
export async function buildTemporalCli(
  report: (line: string) => void = line => process.stderr.write(line)
): Promise<string> {
  const go = findOnPath('go') ?? (isExecutable('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : undefined);
  if (!go) throw new Error('Go is not installed');
  const staging = `${cachedCliDir}.building-${process.pid}`;
  fs.mkdirSync(staging, { recursive: true });
  report(`Building Temporal CLI ${temporalCliVersion} with Go into ${cachedCliDir} (first run only; a few minutes)\n`);
  const startedAt = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(
      go,
      [
        'install',
        '-v',
        '-trimpath',
        `-ldflags=-s -w -X github.com/temporalio/cli/temporalcli.Version=${temporalCliVersion.slice(1)}`,
        `${temporalCliModule}@${temporalCliVersion}`
      ],
      {
        env: { ...process.env, GOBIN: staging, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' },
        stdio: ['ignore', 'ignore', 'pipe']
      }
    );
    let compiled = 0;
    let downloaded = 0;
    let lastReport = 0;
    let tail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-4000);
      for (const line of chunk.split('\n')) {
        if (line.startsWith('go: downloading')) downloaded++;
        else if (line.trim() && !line.startsWith('go:')) compiled++;
      }
      if (Date.now() - lastReport > 2000) {
        lastReport = Date.now();
        const seconds = Math.round((Date.now() - startedAt) / 1000);
        report(`  … ${seconds}s: ${downloaded} modules downloaded, ${compiled} packages compiled\n`);
      }
    });
    child.once('error', reject);
    child.once('exit', code => {
      if (code === 0) resolve();
      else reject(new Error(`go install failed with exit code ${code}:\n${tail}`));
    });
  });
  fs.mkdirSync(cachedCliDir, { recursive: true });
  fs.renameSync(path.join(staging, 'temporal'), cachedCliPath);
  fs.rmSync(staging, { recursive: true, force: true });
  report(`Temporal CLI built in ${Math.round((Date.now() - startedAt) / 1000)}s: ${cachedCliPath}\n`);
  return cachedCliPath;
}

/**
 * Resolution order: TEMPORAL_CLI_PATH → `temporal` on PATH → the project's cached build → build it with
 * Go → the SDK's own download (a machine with internet and no Go). TEMPORAL_ADDRESS, which skips all
 * of this, is handled by the callers.
 */
export async function resolveTemporalCli(
  options: { cliPath?: string | undefined; build?: boolean } = {}
): Promise<TemporalCliSource> {
  if (options.cliPath) {
    if (!isExecutable(options.cliPath))
      throw new Error(`TEMPORAL_CLI_PATH is not an executable file: ${options.cliPath}`);
    return { kind: 'path', path: options.cliPath, origin: 'TEMPORAL_CLI_PATH' };
  }
  const onPath = findOnPath('temporal');
  if (onPath) return { kind: 'path', path: onPath, origin: 'PATH' };
  if (isExecutable(cachedCliPath)) return { kind: 'path', path: cachedCliPath, origin: 'cache' };
  if (options.build !== false && (findOnPath('go') || isExecutable('/usr/local/go/bin/go'))) {
    fs.mkdirSync(path.dirname(cachedCliDir), { recursive: true });
    return { kind: 'path', path: await buildTemporalCli(), origin: 'built' };
  }
  return { kind: 'sdk-download' };
}
