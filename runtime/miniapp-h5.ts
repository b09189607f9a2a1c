/**
 * The mini-program's H5 build (`miniapp/`, uni-app) as a front of this server: `npm start` rebuilds it when
 * its sources changed, and the API serves it at `/m/`. Everything about that front lives here, so it can
 * join a shared list of fronts as one entry.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type RequestHandler } from 'express';
import { projectRoot } from './paths';

export interface MiniappH5Front {
  /** Where the API serves it. */
  mountPath: '/m';
  /** The package that builds it, and its build script. */
  packageDir: string;
  buildScript: string;
  /** The build's output: `index.html` and hashed `assets/`. */
  buildDir: string;
  /** Files and folders whose content decides whether the build is current (relative to the project). */
  sources: string[];
}

export const miniappH5Front: MiniappH5Front = {
  mountPath: '/m',
  packageDir: path.join(projectRoot, 'miniapp'),
  buildScript: 'build:h5',
  buildDir: path.join(projectRoot, 'miniapp', 'dist', 'build', 'h5'),
  sources: [
    'miniapp/src',
    'miniapp/index.html',
    'miniapp/vite.config.ts',
    'miniapp/package-lock.json',
    'miniapp/tsconfig.json',
    // The mini-program imports the server's schemas and labels.
    'domain'
  ]
};

/** Written into the build folder after a build: the hash of the sources it was built from. */
const stampFile = '.sources-sha1';

function listFiles(absolute: string): string[] {
  if (!fs.existsSync(absolute)) return [];
  if (fs.statSync(absolute).isFile()) return [absolute];
  return fs
    .readdirSync(absolute, { withFileTypes: true })
    .filter(entry => entry.name !== 'node_modules' && !entry.name.startsWith('.'))
    .flatMap(entry => listFiles(path.join(absolute, entry.name)));
}

/** A hash over the sources' paths and contents (content, not times: a checkout touches every file). */
export function miniappH5SourceHash(front: MiniappH5Front = miniappH5Front): string {
  const hash = crypto.createHash('sha1');
  const files = front.sources.flatMap(source => listFiles(path.join(projectRoot, source))).sort();
  for (const file of files) {
    hash.update(path.relative(projectRoot, file));
    hash.update('\0');
    hash.update(fs.readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function miniappH5IsCurrent(front: MiniappH5Front = miniappH5Front): boolean {
  const stamp = path.join(front.buildDir, stampFile);
  return (
    fs.existsSync(path.join(front.buildDir, 'index.html')) &&
    fs.existsSync(stamp) &&
    fs.readFileSync(stamp, 'utf8').trim() === miniappH5SourceHash(front)
  );
}

/**
 * Builds the H5 front when it is missing or its sources changed (about 10–20 s); a current build is left
 * alone. Rejects when the build fails, with the build's output in the message.
 */
export async function ensureMiniappH5Build(
  say: (line: string) => void,
  front: MiniappH5Front = miniappH5Front
): Promise<'current' | 'built'> {
  if (miniappH5IsCurrent(front)) return 'current';
  if (!fs.existsSync(path.join(front.packageDir, 'node_modules'))) {
    throw new Error(`${front.packageDir} has no node_modules: run npm ci at the project root`);
  }
  say(`building the mini-program H5 front (${path.relative(projectRoot, front.buildDir)})…`);
  const hash = miniappH5SourceHash(front);
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn('npm', ['run', front.buildScript], {
      cwd: front.packageDir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NODE_ENV: 'production' }
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString('utf8')));
    child.once('error', reject);
    child.once('exit', resolve);
  });
  if (code !== 0) throw new Error(`the mini-program H5 build failed:\n${output.join('').slice(-4000)}`);
  fs.writeFileSync(path.join(front.buildDir, stampFile), `${hash}\n`);
  return 'built';
}

/**
 * Serves the H5 build: hashed assets cached for a year, `index.html` revalidated on every load, and a
 * content security policy that lets the pages show photos picked on the device (blob: URLs).
 */
export function miniappH5Handler(front: MiniappH5Front = miniappH5Front): RequestHandler {
  const files = express.static(front.buildDir, {
    index: 'index.html',
    fallthrough: true,
    setHeaders: (response, filePath) => {
      response.setHeader(
        'Cache-Control',
        filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache'
      );
    }
  });
  return (request, response) => {
    response.setHeader(
      'Content-Security-Policy',
      [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "frame-ancestors 'none'"
      ].join('; ')
    );
    if (!fs.existsSync(path.join(front.buildDir, 'index.html'))) {
      response
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('移动端页面尚未构建：npm start 启动时会自动构建，请稍候刷新');
      return;
    }
    // `/m` without the slash: relative asset paths need the folder form.
    if (request.originalUrl === front.mountPath) {
      response.redirect(301, `${front.mountPath}/`);
      return;
    }
    files(request, response, () => {
      response.status(404).type('text/plain; charset=utf-8').send('页面不存在');
    });
  };
}
