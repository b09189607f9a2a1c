import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { limits, measurePackage, sizeProblems } from '../scripts/package-size.mjs';

function writeFile(root: string, relative: string, bytes: number): void {
  fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  fs.writeFileSync(path.join(root, relative), Buffer.alloc(bytes));
}

describe('the WeChat package size check', () => {
  it('counts sub-packages by their root and leaves DevTools settings out', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mp-size-'));
    fs.writeFileSync(path.join(root, 'app.json'), JSON.stringify({ subPackages: [{ root: 'apply' }] }));
    writeFile(root, 'common/vendor.js', 1000);
    writeFile(root, 'apply/chronic.js', 300);
    writeFile(root, 'project.config.json', 5000);
    const sizes = measurePackage(root);
    const appJsonBytes = fs.statSync(path.join(root, 'app.json')).size;
    expect(sizes).toEqual({
      mainBytes: 1000 + appJsonBytes,
      subPackages: [{ root: 'apply', bytes: 300 }],
      totalBytes: 1300 + appJsonBytes
    });
    fs.rmSync(root, { recursive: true });
  });

  it('refuses a main package over 1 MB', () => {
    const problems = sizeProblems({
      mainBytes: limits.mainBytes + 1,
      subPackages: [],
      totalBytes: 0
    });
    expect(problems).toHaveLength(1);
  });
});
