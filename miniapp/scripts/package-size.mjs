// @ts-check
/**
 * Prints the size of the WeChat package and checks WeChat's limits with a margin: the main package at most
 * 1 MB (half of WeChat's 2 MB), each sub-package at most 2 MB, everything together at most 20 MB.
 * Plain JavaScript so the build runs it with node alone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const limits = { mainBytes: 1024 * 1024, subPackageBytes: 2 * 1024 * 1024, totalBytes: 20 * 1024 * 1024 };

/** @typedef {{ mainBytes: number, subPackages: { root: string, bytes: number }[], totalBytes: number }} PackageSizes */

/** @param {string} folder @returns {string[]} */
function filesUnder(folder) {
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .flatMap(entry =>
      entry.isDirectory() ? filesUnder(path.join(folder, entry.name)) : [path.join(folder, entry.name)]
    );
}

/**
 * Sizes as WeChat counts them: every file of the package, sub-packages by their `root` in app.json.
 * @param {string} buildDir
 * @returns {PackageSizes}
 */
export function measurePackage(buildDir) {
  /** @type {{ subPackages?: { root: string }[], subpackages?: { root: string }[] }} */
  const appJson = JSON.parse(fs.readFileSync(path.join(buildDir, 'app.json'), 'utf8'));
  const roots = (appJson.subPackages ?? appJson.subpackages ?? []).map(sub => sub.root.replace(/\/$/, ''));
  // project.config.json and the like are DevTools settings, not part of the uploaded code package.
  const files = filesUnder(buildDir).filter(file => !/project(\.private)?\.config\.json$/.test(file));
  const subPackages = roots.map(root => ({ root, bytes: 0 }));
  let mainBytes = 0;
  let totalBytes = 0;
  for (const file of files) {
    const relative = path.relative(buildDir, file).split(path.sep).join('/');
    const bytes = fs.statSync(file).size;
    totalBytes += bytes;
    const sub = subPackages.find(candidate => relative.startsWith(`${candidate.root}/`));
    if (sub) sub.bytes += bytes;
    else mainBytes += bytes;
  }
  return { mainBytes, subPackages, totalBytes };
}

/** @param {PackageSizes} sizes @returns {string[]} */
export function sizeProblems(sizes) {
  const problems = [];
  if (sizes.mainBytes > limits.mainBytes) problems.push(`main package ${sizes.mainBytes} B > ${limits.mainBytes} B`);
  for (const sub of sizes.subPackages)
    if (sub.bytes > limits.subPackageBytes) problems.push(`sub-package ${sub.root} ${sub.bytes} B > 2 MB`);
  if (sizes.totalBytes > limits.totalBytes) problems.push(`total ${sizes.totalBytes} B > 20 MB`);
  return problems;
}

/** @param {number} bytes */
const kb = bytes => `${(bytes / 1024).toFixed(1)} KB`;

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const buildDir = fileURLToPath(new URL('../dist/build/mp-weixin', import.meta.url));
  const sizes = measurePackage(buildDir);
  console.log(`mp-weixin package (${path.relative(process.cwd(), buildDir)}):`);
  console.log(`  main package   ${kb(sizes.mainBytes)} (limit ${kb(limits.mainBytes)})`);
  for (const sub of sizes.subPackages) console.log(`  sub-package ${sub.root.padEnd(10)} ${kb(sub.bytes)}`);
  console.log(`  total          ${kb(sizes.totalBytes)}`);
  const problems = sizeProblems(sizes);
  if (problems.length) {
    console.error(`package too large: ${problems.join('; ')}`);
    process.exit(1);
  }
}
