/**
 * Builds the browser fronts (runtime/fronts.ts) when their sources changed since the last build: a hash of
 * the inputs is kept beside the built files, so a fresh clone, an edit or a `git pull` rebuilds and an
 * unchanged tree starts at once. Built text files get `.gz` and `.br` siblings for the static middleware.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { fronts, type Front } from './fronts';
import { projectRoot } from './paths';

const stampName = '.source-hash';
const compressible = /\.(js|mjs|css|html|svg|json|txt|xml|wasm|map)$/;
const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

function filesUnder(absolute: string): string[] {
  if (!fs.existsSync(absolute)) return [];
  if (fs.statSync(absolute).isFile()) return [absolute];
  return fs
    .readdirSync(absolute, { withFileTypes: true })
    .filter(entry => entry.name !== 'node_modules' && entry.name !== 'dist' && !entry.name.startsWith('.'))
    .flatMap(entry => filesUnder(path.join(absolute, entry.name)));
}

/** A hash of every input file's path and content (tests excluded: they do not change what is built). */
export function sourceHash(front: Front, root = projectRoot): string {
  const hash = crypto.createHash('sha256');
  const files = front.inputs
    .flatMap(input => filesUnder(path.join(root, input)))
    .filter(file => !/\.test\.ts$/.test(file))
    .sort();
  for (const file of files) {
    hash.update(path.relative(root, file));
    hash.update('\0');
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function isBuilt(front: Front, root = projectRoot): boolean {
  return fs.existsSync(path.join(root, front.distDir, 'index.html'));
}

export function isStale(front: Front, root = projectRoot): boolean {
  const stamp = path.join(root, front.distDir, stampName);
  return !isBuilt(front, root) || !fs.existsSync(stamp) || fs.readFileSync(stamp, 'utf8') !== sourceHash(front, root);
}

/** Writes `.br` and `.gz` beside each text file worth compressing. */
export async function precompress(directory: string): Promise<number> {
  let count = 0;
  for (const file of filesUnder(directory)) {
    if (!compressible.test(file)) continue;
    const content = fs.readFileSync(file);
    if (content.length < 1024) continue;
    const [br, gz] = await Promise.all([
      brotli(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
      gzip(content, { level: 9 })
    ]);
    fs.writeFileSync(`${file}.br`, br);
    fs.writeFileSync(`${file}.gz`, gz);
    count += 1;
  }
  return count;
}

export type ProgressLine = (line: string) => void;

/** Runs the front's build command with its output shown line by line, then compresses and stamps the result. */
export async function buildFront(front: Front, say: ProgressLine, root = projectRoot): Promise<void> {
  const started = Date.now();
  const hash = sourceHash(front, root);
  say(`building ${front.name} (${front.title})…`);
  await new Promise<void>((resolve, reject) => {
    const child = spawn(front.build.command, front.build.args, {
      cwd: path.join(root, front.build.cwd),
      // A production bundle even when started from a test run (vitest sets NODE_ENV=test).
      env: { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe']
    });
    for (const stream of [child.stdout, child.stderr]) {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        buffered += chunk;
        const lines = buffered.split(/\r?\n/);
        buffered = lines.pop() ?? '';
        for (const line of lines) if (line.trim()) say(`  ${line}`);
      });
    }
    child.once('error', reject);
    child.once('exit', code =>
      code === 0 ? resolve() : reject(new Error(`${front.name}: build failed (exit code ${code})`))
    );
  });
  const dist = path.join(root, front.distDir);
  const compressed = await precompress(dist);
  fs.writeFileSync(path.join(dist, stampName), hash);
  say(`${front.name} built in ${((Date.now() - started) / 1000).toFixed(1)} s (${compressed} files precompressed)`);
}

/**
 * Builds the front when its sources changed since the last build, once across processes (`npm start`, the
 * test files running in parallel): a lock folder makes one process build and the others wait for it.
 */
export async function ensureFrontBuilt(
  front: Front,
  say: ProgressLine,
  root = projectRoot
): Promise<'current' | 'built'> {
  if (!isStale(front, root)) return 'current';
  const key = crypto.createHash('sha1').update(path.join(root, front.distDir)).digest('hex').slice(0, 16);
  const lock = path.join(os.tmpdir(), `jx-front-build-${key}`);
  const waitLimitMs = 10 * 60_000;
  const deadline = Date.now() + waitLimitMs;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      // Another process is building; a lock older than the limit was left by a killed run.
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > waitLimitMs) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`${front.name}: timed out waiting for another build`);
      await sleep(500);
    }
  }
  try {
    if (!isStale(front, root)) return 'current';
    await buildFront(front, say, root);
    return 'built';
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * Builds every front whose sources changed. A front with its own dependencies that are not installed is
 * skipped (served as previously built, if at all). Failures are reported and do not stop the others.
 */
export async function buildStaleFronts(
  say: ProgressLine,
  options: { only?: string[]; root?: string } = {}
): Promise<{ built: string[]; failed: string[] }> {
  const root = options.root ?? projectRoot;
  const built: string[] = [];
  const failed: string[] = [];
  for (const front of fronts) {
    if (options.only && !options.only.includes(front.name)) continue;
    if (front.installedWhen && !fs.existsSync(path.join(root, front.installedWhen))) {
      say(
        `${front.name}: dependencies not installed (${front.installedWhen}); ${isBuilt(front, root) ? 'serving the previous build' : 'not served'}`
      );
      continue;
    }
    try {
      if ((await ensureFrontBuilt(front, say, root)) === 'built') built.push(front.name);
      else say(`${front.name}: up to date`);
    } catch (error) {
      say(error instanceof Error ? error.message : String(error));
      failed.push(front.name);
    }
  }
  return { built, failed };
}
