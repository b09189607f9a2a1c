import fs from 'node:fs';
import path from 'node:path';

/**
 * Development secrets live in one JSON file under DATA_DIR/keys (git-ignored), created on first start.
 * Several processes (API, worker, simulator) may start at once: the file is created with `wx` from a
 * temporary file so each of them ends up reading the same secrets.
 */
export function loadOrCreateDevSecrets<T extends object>(dataDir: string, name: string, create: () => T): T {
  const folder = path.join(dataDir, 'keys');
  const file = path.join(folder, `${name}.json`);
  fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) {
    const temporary = `${file}.${process.pid}.${Date.now()}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(create(), null, 2), { mode: 0o600, flag: 'wx' });
    try {
      fs.linkSync(temporary, file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    } finally {
      fs.rmSync(temporary, { force: true });
    }
  }
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
