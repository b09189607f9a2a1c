import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Embedded PostgreSQL (PGlite) served over the wire protocol, for a machine without a database server.
 * The first process that needs it starts it and holds a lock file; every other process connects to the
 * same port, so the API, the worker and the tools all share one database.
 */
/** The parts of pglite-socket's (internal) query queue that the fix below replaces. */
interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
  onData: (data: Uint8Array) => void;
}
interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: {
    isInTransaction: () => boolean;
    runExclusive: <T>(fn: () => Promise<T>) => Promise<T>;
    execProtocolRawStream: (
      message: Uint8Array,
      options: { onRawData: (data: Uint8Array) => void }
    ) => Promise<unknown>;
  };
  processQueue: () => Promise<void>;
  clearQueueForHandler: (handlerId: number) => void;
}

/** Message types that end a request: Sync, simple Query, Terminate; 0 is the start-up packet. */
const requestEnd = new Set([0x53, 0x51, 0x58, 0x00]);

/**
 * pglite-socket 0.2.17 queues single protocol messages, so the Parse/Bind/Execute/Sync of two connections
 * interleave outside a transaction and the backend mixes them up ("unnamed prepared statement does not
 * exist"). This keeps one connection's messages together until its request ends, as a real server would.
 */
function keepRequestsWhole(queue: QueryQueue): void {
  let requestOpen = false;
  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    while (this.queue.length > 0) {
      let item: QueuedMessage | undefined;
      if ((requestOpen || this.db.isInTransaction()) && this.lastHandlerId !== null) {
        const index = this.queue.findIndex(queued => queued.handlerId === this.lastHandlerId);
        item = index === -1 ? undefined : this.queue.splice(index, 1)[0];
      } else {
        item = this.queue.shift();
      }
      if (!item) break;
      const current = item;
      let bytes = 0;
      try {
        await this.db.runExclusive(() =>
          this.db.execProtocolRawStream(current.message, {
            onRawData: data => {
              bytes += data.length;
              current.onData(data);
            }
          })
        );
      } catch (error) {
        current.reject(error);
        continue;
      }
      requestOpen = !requestEnd.has(current.message[0] ?? 0);
      this.lastHandlerId = current.handlerId;
      current.resolve(bytes);
    }
    this.processing = false;
  };
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    clear(handlerId);
    if (handlerId === queue.lastHandlerId) {
      requestOpen = false;
      void queue.processQueue();
    }
  };
}

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
      const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 40 });
      keepRequestsWhole((server as unknown as { queryQueue: QueryQueue }).queryQueue);
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
