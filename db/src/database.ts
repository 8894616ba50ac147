import type pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './embedded';
import { DatabaseUnavailableError } from './errors';
import { silentLogger, type DbLogger } from './logger';
import { migrate, type MigrateResult } from './migrate';
import { createPool, redactUrl } from './pg';

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL. Without one, embedded PGlite in `dataDir` is used. */
  url?: string | undefined;
  /** Where embedded PGlite keeps its files (callers pass e.g. ./data/pglite). */
  dataDir: string;
  logger?: DbLogger;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /** Pool size for a real PostgreSQL (default 10; embedded always uses 1). */
  poolMax?: number;
  /** Another migrations directory (tests). */
  migrationsDir?: string;
}

export interface Database {
  prisma: PrismaClient;
  kind: 'embedded' | 'postgres';
  /** Where the pool connects (for embedded: the local socket server). */
  url: string;
  /** The pg pool under Prisma, for the few things Prisma cannot do (LISTEN, COPY). */
  pool: pg.Pool;
  /** What open() did and how long it took. */
  boot: { totalMs: number; migrations: MigrateResult | null };
  /** Throws if the database does not answer. */
  ping(): Promise<void>;
  /** Idempotent. */
  close(): Promise<void>;
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Database> {
  const t0 = performance.now();
  const log = opts.logger ?? silentLogger;
  let embedded: EmbeddedPostgres | undefined;
  let pool: pg.Pool | undefined;
  try {
    let url: string;
    if (opts.url) {
      url = opts.url;
      pool = createPool(url, { max: opts.poolMax ?? 10 });
    } else {
      embedded = await startEmbeddedPostgres({ dataDir: opts.dataDir, logger: log });
      url = embedded.url;
      // One connection: PGlite is a single backend (see embedded.ts). Never idle it
      // out, so the socket server's connection slot is not churned.
      pool = createPool(url, { max: 1, idleTimeoutMillis: 0 });
    }
    const kind = embedded ? 'embedded' : 'postgres';
    // the error carries its pg client (connection parameters, type tables): the code and the message are what tell
    pool.on('error', (err) => log.warn({ err: { message: err.message, code: (err as { code?: string }).code } }, 'idle database connection failed'));

    const ping = async () => {
      await pool!.query('SELECT 1');
    };
    try {
      await ping();
    } catch (err) {
      throw new DatabaseUnavailableError(`cannot reach ${kind === 'embedded' ? 'the embedded database' : redactUrl(url)}: ${(err as Error).message}`, err);
    }

    const migrations = opts.migrate === false ? null : await migrate(pool, { logger: log, migrationsDir: opts.migrationsDir });

    const prisma = new PrismaClient({
      adapter: new PrismaPg(pool),
      // Embedded work is serialised on one connection: let transactions queue.
      transactionOptions: embedded ? { maxWait: 30_000, timeout: 30_000 } : { maxWait: 5_000, timeout: 15_000 },
    });

    let closed: Promise<void> | undefined;
    const ownPool = pool;
    const ownEmbedded = embedded;
    const close = () =>
      (closed ??= (async () => {
        await prisma.$disconnect().catch((err: unknown) => log.warn({ err }, 'prisma disconnect failed'));
        await ownPool.end().catch((err: unknown) => log.warn({ err }, 'pool end failed'));
        await ownEmbedded?.close();
      })());

    const totalMs = Math.round(performance.now() - t0);
    log.info({ kind, totalMs, migrateMs: migrations?.durationMs, applied: migrations?.applied }, 'database open');
    return { prisma, kind, url, pool, boot: { totalMs, migrations }, ping, close };
  } catch (err) {
    await pool?.end().catch(() => {});
    await embedded?.close().catch(() => {});
    throw err;
  }
}
