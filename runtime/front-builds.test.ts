import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildFront, isStale, precompress, sourceHash } from './front-builds';
import type { Front } from './fronts';

const roots: string[] = [];
function project(): { root: string; front: Front } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'front-build-'));
  roots.push(root);
  fs.mkdirSync(path.join(root, 'app/src'), { recursive: true });
  fs.mkdirSync(path.join(root, 'shared'), { recursive: true });
  fs.writeFileSync(path.join(root, 'app/src/main.ts'), 'export const a = 1;');
  fs.writeFileSync(path.join(root, 'shared/rules.ts'), 'export const b = 2;');
  // The "build" writes an index page and a large script, as a bundler would.
  const build = `const fs=require('fs');fs.mkdirSync('dist/assets',{recursive:true});fs.writeFileSync('dist/index.html','<!doctype html>'+'x'.repeat(2000));fs.writeFileSync('dist/assets/a-12345678.js','y'.repeat(5000));console.log('built')`;
  return {
    root,
    front: {
      name: 'app',
      title: 'app',
      mountPath: '/',
      sourceDir: 'app',
      inputs: ['app/src', 'shared'],
      distDir: 'app/dist',
      build: { cwd: 'app', command: process.execPath, args: ['-e', build] },
      contentSecurityPolicy: "default-src 'self'"
    }
  };
}

afterEach(() => {
  for (const root of roots.splice(0)) fs.rmSync(root, { recursive: true, force: true });
});

describe('rebuilding the fronts when their sources changed', () => {
  it('counts a front as stale until it is built, and fresh until an input changes', async () => {
    const { root, front } = project();
    expect(isStale(front, root)).toBe(true);
    const lines: string[] = [];
    await buildFront(front, line => lines.push(line), root);
    expect(lines.join('\n')).toContain('built');
    expect(isStale(front, root)).toBe(false);
    fs.writeFileSync(path.join(root, 'shared/rules.ts'), 'export const b = 3;');
    expect(isStale(front, root)).toBe(true);
  });

  it('ignores test files, node_modules and the build output when hashing the sources', () => {
    const { root, front } = project();
    const before = sourceHash(front, root);
    fs.writeFileSync(path.join(root, 'app/src/main.test.ts'), 'test');
    fs.mkdirSync(path.join(root, 'app/src/node_modules'));
    fs.writeFileSync(path.join(root, 'app/src/node_modules/x.js'), 'x');
    expect(sourceHash(front, root)).toBe(before);
  });

  it('writes brotli and gzip copies of the larger text files only', async () => {
    const { root, front } = project();
    await buildFront(front, () => undefined, root);
    const dist = path.join(root, 'app/dist');
    expect(fs.existsSync(path.join(dist, 'assets/a-12345678.js.br'))).toBe(true);
    expect(fs.existsSync(path.join(dist, 'index.html.gz'))).toBe(true);
    fs.writeFileSync(path.join(dist, 'tiny.js'), 'z');
    await precompress(dist);
    expect(fs.existsSync(path.join(dist, 'tiny.js.br'))).toBe(false);
  });

  it('reports a failing build and leaves the front stale', async () => {
    const { root, front } = project();
    const failing = { ...front, build: { ...front.build, args: ['-e', 'process.exit(3)'] } };
    await expect(buildFront(failing, () => undefined, root)).rejects.toThrow('build failed (exit code 3)');
    expect(isStale(failing, root)).toBe(true);
  });
});
