import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Embedded PostgreSQL (PGlite) served over the wire protocol, for a machine without a database server.
 * The first process that needs it starts it and holds a lock file; every other process connects to the
 * same port, so the API, the worker and the tools all share one database.
 */
export interface EmbeddedPostgres {
  url: string;
  /** Present only in the process that started the server. */
  stop?: () => Promise<void>;
}

function portAnswers(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Takes the lock file; removes a stale lock left by a process that died. */
function tryLock(lockPath: string): boolean {
  try {
    fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
    return true;
  } catch {
    const holder = Number(fs.readFileSync(lockPath, 'utf8'));
    if (Number.isInteger(holder) && holder > 0 && processAlive(holder)) return false;
    fs.rmSync(lockPath, { force: true });
    return tryLock(lockPath);
  }
}

export async function ensureEmbeddedPostgres(dataDir: string, port: number): Promise<EmbeddedPostgres> {
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  fs.mkdirSync(dataDir, { recursive: true });
  const lockPath = path.join(dataDir, 'pglite.lock');
  for (let attempt = 0; attempt < 600; attempt++) {
    if (await portAnswers(port)) return { url };
    if (tryLock(lockPath)) {
      const { PGlite } = await import('@electric-sql/pglite');
      const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
      const db = await PGlite.create(path.join(dataDir, 'pglite'));
      const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 20 });
      await server.start();
      return {
        url,
        stop: async () => {
          await server.stop();
          await db.close();
          fs.rmSync(lockPath, { force: true });
        }
      };
    }
    // Another process holds the lock and is starting the server.
    await sleep(100);
  }
  throw new Error(`embedded PostgreSQL did not start on port ${port}`);
}
