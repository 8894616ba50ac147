import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { MigrationChecksumMismatchError, MigrationFailedError, MigrationIncompleteError } from './errors';
import { silentLogger, type DbLogger } from './logger';
import { connectionConfig } from './pg';

/**
 * Our start-up migration runner, for embedded PGlite and real PostgreSQL alike.
 *
 * It applies prisma/migrations/<name>/migration.sql in name order and records each
 * in Prisma's own `_prisma_migrations` table, exactly as `prisma migrate deploy`
 * would (checksum = sha256 hex of the file), so `prisma migrate status` agrees and
 * either tool can take over. Unlike the Prisma CLI, each migration runs in one
 * transaction together with its bookkeeping row: a failed migration leaves no
 * trace. (So a migration must be transaction-safe: no CREATE INDEX CONCURRENTLY.)
 *
 * Nodes starting together serialise on an advisory lock taken inside each
 * transaction; the key is the one the Prisma CLI takes, so the CLI and this
 * runner also exclude each other.
 */

export const MIGRATIONS_DIR = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

/** Prisma's schema-engine advisory lock key (`pg_advisory_lock(72707369)`). */
export const MIGRATION_LOCK_KEY = 72707369;

export interface Migration {
  /** Directory name, e.g. 20261123000000_init */
  name: string;
  /** sha256 hex of migration.sql, as Prisma computes it */
  checksum: string;
  sql: string;
}

export interface MigrateOptions {
  migrationsDir?: string;
  logger?: DbLogger;
  /** Give up waiting for another node's migration after this long (default 5 min). */
  lockTimeoutMs?: number;
}

export interface MigrateResult {
  /** Names applied by this call, in order. */
  applied: string[];
  /** Migrations found already applied. */
  alreadyApplied: number;
  durationMs: number;
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                  VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"            VARCHAR(64) NOT NULL,
    "finished_at"         TIMESTAMPTZ,
    "migration_name"      VARCHAR(255) NOT NULL,
    "logs"                TEXT,
    "rolled_back_at"      TIMESTAMPTZ,
    "started_at"          TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export async function loadMigrations(dir: string = MIGRATIONS_DIR): Promise<Migration[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  // Prisma orders migrations by directory name (the timestamp prefix).
  names.sort();
  const out: Migration[] = [];
  for (const name of names) {
    const file = path.join(dir, name, 'migration.sql');
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue; // not a migration directory
      throw err;
    }
    out.push({ name, checksum: createHash('sha256').update(bytes).digest('hex'), sql: bytes.toString('utf8') });
  }
  return out;
}

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

type Target = string | pg.Pool | pg.Client | pg.PoolClient;

/** Apply pending migrations to a database given by URL, pool or connected client. */
export async function migrate(target: Target, opts: MigrateOptions = {}): Promise<MigrateResult> {
  const t0 = performance.now();
  const log = opts.logger ?? silentLogger;
  const migrations = await loadMigrations(opts.migrationsDir);
  const { client, release } = await connect(target);
  try {
    const applied: string[] = [];
    // 1. The bookkeeping table, and a check of everything already recorded.
    await inLockedTransaction(client, opts, async () => {
      await client.query(CREATE_TABLE);
      verifyRecorded(migrations, await readRecorded(client), log);
    });
    // 2. Each pending migration in its own transaction; re-check under the lock,
    //    as another node may have applied it meanwhile.
    let alreadyApplied = 0;
    for (const m of migrations) {
      const done = await inLockedTransaction(client, opts, async () => {
        const recorded = await readRecorded(client);
        verifyRecorded([m], recorded, log, false);
        if (recorded.some((r) => r.migration_name === m.name && isApplied(r))) return false;
        const t = performance.now();
        const id = randomUUID();
        await client.query(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "started_at", "applied_steps_count")
           VALUES ($1, $2, $3, now(), 0)`,
          [id, m.checksum, m.name],
        );
        try {
          await client.query(m.sql);
        } catch (err) {
          throw new MigrationFailedError(m.name, err);
        }
        await client.query(`UPDATE "_prisma_migrations" SET "finished_at" = clock_timestamp(), "applied_steps_count" = 1 WHERE "id" = $1`, [id]);
        log.info({ migration: m.name, ms: Math.round(performance.now() - t) }, 'migration applied');
        return true;
      });
      if (done) applied.push(m.name);
      else alreadyApplied++;
    }
    const durationMs = Math.round(performance.now() - t0);
    log.debug({ applied, alreadyApplied, durationMs }, 'migrations up to date');
    return { applied, alreadyApplied, durationMs };
  } finally {
    await release();
  }
}

export interface MigrationStatus {
  applied: string[];
  pending: string[];
  /** Recorded in the database but missing from the migrations directory. */
  unknown: string[];
}

/** What `prisma migrate status` would report, without the CLI. */
export async function migrationStatus(target: Target, opts: Pick<MigrateOptions, 'migrationsDir'> = {}): Promise<MigrationStatus> {
  const migrations = await loadMigrations(opts.migrationsDir);
  const { client, release } = await connect(target);
  try {
    const exists = await client.query(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS "exists"`);
    const recorded = exists.rows[0]?.exists ? (await readRecorded(client)).filter(isApplied) : [];
    const names = new Set(recorded.map((r) => r.migration_name));
    const local = new Set(migrations.map((m) => m.name));
    return {
      applied: migrations.filter((m) => names.has(m.name)).map((m) => m.name),
      pending: migrations.filter((m) => !names.has(m.name)).map((m) => m.name),
      unknown: [...names].filter((n) => !local.has(n)),
    };
  } finally {
    await release();
  }
}

const isApplied = (r: AppliedRow) => r.finished_at !== null && r.rolled_back_at === null;

async function readRecorded(client: pg.ClientBase): Promise<AppliedRow[]> {
  const r = await client.query<AppliedRow>(
    `SELECT "migration_name", "checksum", "finished_at", "rolled_back_at" FROM "_prisma_migrations" ORDER BY "started_at"`,
  );
  return r.rows;
}

function verifyRecorded(local: Migration[], recorded: AppliedRow[], log: DbLogger, warnUnknown = true): void {
  const byName = new Map(local.map((m) => [m.name, m]));
  for (const r of recorded) {
    if (r.rolled_back_at !== null) continue;
    const m = byName.get(r.migration_name);
    if (r.finished_at === null) {
      if (m || warnUnknown) throw new MigrationIncompleteError(r.migration_name);
      continue;
    }
    if (!m) {
      if (warnUnknown) log.warn({ migration: r.migration_name }, 'database has a migration this code does not know (a newer version ran here?)');
      continue;
    }
    if (m.checksum !== r.checksum) throw new MigrationChecksumMismatchError(m.name, r.checksum, m.checksum);
  }
}

async function inLockedTransaction<T>(client: pg.ClientBase, opts: MigrateOptions, fn: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    await client.query(`SET LOCAL lock_timeout = ${Math.max(0, Math.floor(opts.lockTimeoutMs ?? 300_000))}`);
    await client.query(`SELECT pg_advisory_xact_lock(${MIGRATION_LOCK_KEY})`);
    await client.query('SET LOCAL lock_timeout = 0');
    const out = await fn();
    await client.query('COMMIT');
    return out;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  }
}

async function connect(target: Target): Promise<{ client: pg.ClientBase; release: () => Promise<void> }> {
  if (typeof target === 'string') {
    const client = new pg.Client({ ...connectionConfig(target), application_name: 'shuoshi-migrate' });
    await client.connect();
    return { client, release: () => client.end() };
  }
  if (target instanceof pg.Pool) {
    const client = await target.connect();
    return { client, release: async () => client.release() };
  }
  return { client: target, release: async () => {} };
}
