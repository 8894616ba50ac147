import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DatabaseLockedError } from './errors';
import { silentLogger, type DbLogger } from './logger';

/**
 * Embedded PostgreSQL (PGlite, WASM) persisted in a directory and served on
 * 127.0.0.1 with a random port by @electric-sql/pglite-socket, so the rest of
 * the code reaches it through pg + @prisma/adapter-pg like any PostgreSQL.
 *
 * PGlite is one backend: the socket server queues every client's messages into
 * it (a transaction holds the queue until it ends). Session state (advisory
 * locks, SET, temp tables) is shared by all connections, so the application
 * pool uses a single connection.
 */

export interface EmbeddedPostgres {
  /** postgresql://postgres@127.0.0.1:<port>/postgres */
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** Connections the socket server accepts (default 4: the app pool, the Prisma CLI, a psql). */
  maxConnections?: number;
  logger?: DbLogger;
}

export async function startEmbeddedPostgres(opts: EmbeddedOptions): Promise<EmbeddedPostgres> {
  const log = opts.logger ?? silentLogger;
  const dataDir = path.resolve(opts.dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const unlock = lockDataDir(dataDir);
  let db: PGlite | undefined;
  let server: PGLiteSocketServer | undefined;
  try {
    const fresh = !fs.existsSync(dataDir) || fs.readdirSync(dataDir).length === 0;
    const t0 = performance.now();
    if (fresh) await initDataDir(dataDir);
    db = await PGlite.create(dataDir);
    log.info({ dataDir, fresh, ms: Math.round(performance.now() - t0) }, fresh ? 'embedded PostgreSQL created' : 'embedded PostgreSQL opened');
    server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: opts.maxConnections ?? 4 });
    await server.start();
    const [, port] = server.getServerConn().split(':');
    const url = `postgresql://postgres@127.0.0.1:${port}/postgres`;
    let closed: Promise<void> | undefined;
    const close = () =>
      (closed ??= (async () => {
        try {
          await server?.stop();
          await db?.close();
        } finally {
          unlock();
        }
      })());
    return { url, dataDir, close };
  } catch (err) {
    await server?.stop().catch(() => {});
    await db?.close().catch(() => {});
    unlock();
    throw err;
  }
}

/**
 * initdb into a sibling directory, then rename: a first start interrupted halfway
 * leaves no half-initialised data directory behind.
 */
async function initDataDir(dataDir: string): Promise<void> {
  const tmp = `${dataDir}.initdb-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const db = await PGlite.create(tmp);
  await db.close();
  fs.rmSync(dataDir, { recursive: true, force: true }); // empty, if it exists
  fs.renameSync(tmp, dataDir);
}

/** Data directories this process holds (a container's pid may repeat across restarts). */
const heldHere = new Set<string>();

/**
 * `<dataDir>.lock` holds the owner's pid. Two processes on one PGlite directory
 * would corrupt it, so a live owner makes us refuse; a dead one's lock is taken over.
 */
function lockDataDir(dataDir: string): () => void {
  const lockFile = `${dataDir}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      heldHere.add(dataDir);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        heldHere.delete(dataDir);
        fs.rmSync(lockFile, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw err;
      const pid = Number(fs.readFileSync(lockFile, 'utf8').trim());
      const ownedHere = pid === process.pid && heldHere.has(dataDir);
      if (ownedHere || (pid !== process.pid && isAlive(pid))) throw new DatabaseLockedError(dataDir, pid);
      fs.rmSync(lockFile, { force: true }); // stale: its process is gone
    }
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
