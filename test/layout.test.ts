/**
 * The shape of the code, checked on every run: `domain/` is pure (no Node built-ins, no I/O library, nothing
 * from the server's folders), and the console (`web/`) and mini-program (`miniapp/`) take from the server
 * only `domain/`, talking to it over HTTP. Folders that do not exist yet are checked once they appear.
 * (Workflow determinism is the lint's job: eslint.config.js.)
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../runtime/paths';

/** Packages that do I/O or belong to the server; pure ones (zod, @casl/ability) are welcome in domain/. */
const ioPackages = /^(drizzle-orm|postgres|express|pino|playwright-core|exceljs|@temporalio\/|@electric-sql\/)/;
const nodeBuiltins = new Set(builtinModules.flatMap(name => [name, `node:${name}`]));

const importPattern =
  /(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;

/** Every module a source file names, with the file it is in. */
function importsOf(file: string, source: string): { file: string; specifier: string }[] {
  return [...source.matchAll(importPattern)].map(match => ({ file, specifier: (match[1] ?? match[2] ?? match[3])! }));
}

function sourceFiles(folder: string): string[] {
  const root = path.join(projectRoot, folder);
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { recursive: true, encoding: 'utf8' })
    .filter(name => /\.(ts|vue|js|mjs)$/.test(name) && !name.split(path.sep).includes('node_modules'))
    .map(name => path.join(root, name));
}

/** The top-level folder of the project a relative import lands in, or undefined for a package. */
function landsIn(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  return path.relative(projectRoot, path.resolve(path.dirname(file), specifier)).split(path.sep)[0];
}

/** What a file of `folder` may not import: the problems found, as readable lines. */
function layoutProblems(folder: 'domain' | 'web' | 'miniapp', file: string, source: string): string[] {
  const problems: string[] = [];
  for (const { specifier } of importsOf(file, source)) {
    const target = landsIn(file, specifier);
    const where = `${path.relative(projectRoot, file)} imports ${specifier}`;
    if (folder === 'domain') {
      if (nodeBuiltins.has(specifier) || ioPackages.test(specifier)) problems.push(`${where}: domain/ does no I/O`);
      if (target !== undefined && target !== 'domain') problems.push(`${where}: domain/ imports only domain/`);
    } else if (target !== undefined && target !== folder && target !== 'domain') {
      problems.push(`${where}: ${folder}/ takes only domain/ from the server and calls it over HTTP`);
    }
  }
  return problems;
}

describe('the layout of the code', () => {
  it('finds a forbidden import when there is one', () => {
    const file = path.join(projectRoot, 'web', 'src', 'views', 'list.vue');
    expect(layoutProblems('web', file, `import { db } from '../../../db/connection';`)).toHaveLength(1);
    expect(layoutProblems('web', file, `import { fetchList } from '../api/applications';`)).toEqual([]);
    expect(layoutProblems('web', file, `import type { X } from '../../../domain/application';`)).toEqual([]);
    const domainFile = path.join(projectRoot, 'domain', 'x.ts');
    expect(
      layoutProblems('domain', domainFile, `import fs from 'node:fs';\nimport { sql } from 'drizzle-orm';`)
    ).toHaveLength(2);
    expect(layoutProblems('domain', domainFile, `export { a } from '../yibao/errors';`)).toHaveLength(1);
  });

  for (const folder of ['domain', 'web', 'miniapp'] as const) {
    it(`keeps ${folder}/ to its imports`, () => {
      const problems = sourceFiles(folder).flatMap(file => layoutProblems(folder, file, fs.readFileSync(file, 'utf8')));
      expect(problems).toEqual([]);
    });
  }
});
