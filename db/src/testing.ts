import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { openDatabase, type Database } from './database';
import { loadMigrations, migrate, MIGRATIONS_DIR } from './migrate';
import { startEmbeddedPostgres } from './embedded';
import type { DbLogger } from './logger';
import { adminQuery, quoteIdent, withDatabase } from './pg';

/**
 * A throw-away database for integration tests in any package.
 *
 * - DATABASE_URL set: a fresh `shuoshi_test_<random>` database on that server,
 *   dropped (WITH FORCE) by drop().
 * - otherwise: embedded PGlite in a temporary directory, removed by drop(). A
 *   migrated PGlite directory is built once per migrations version (in the OS temp
 *   directory) and copied, since PGlite's initdb costs seconds and a copy does not.
 */
export interface TestDatabase extends Database {
  /** The database name (real PostgreSQL) or data directory (embedded). */
  name: string;
  /** Close and delete it. Idempotent. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** Apply migrations (default true). false gives an empty database. */
  migrate?: boolean;
  migrationsDir?: string;
  /** Defaults to process.env.DATABASE_URL. */
  serverUrl?: string | undefined;
  logger?: DbLogger;
}

export const TEST_DATABASE_PREFIX = 'shuoshi_test_';

export async function createTestDatabase(opts: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = 'serverUrl' in opts ? opts.serverUrl : process.env.DATABASE_URL || undefined;
  const wantMigrations = opts.migrate !== false;
  const base = { migrate: wantMigrations, logger: opts.logger, migrationsDir: opts.migrationsDir };

  if (serverUrl) {
    const name = `${TEST_DATABASE_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
    await adminQuery(serverUrl, `CREATE DATABASE ${quoteIdent(name)}`);
    const dropDatabase = () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    let db: Database;
    try {
      db = await openDatabase({ ...base, url: withDatabase(serverUrl, name), dataDir: '' });
    } catch (err) {
      await dropDatabase().catch(() => {});
      throw err;
    }
    return withDrop(db, name, dropDatabase);
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-test-'));
  const dataDir = path.join(dir, 'pglite');
  const removeDir = async () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    if (wantMigrations && !opts.migrationsDir) fs.cpSync(await migratedTemplate(opts.logger), dataDir, { recursive: true });
    const db = await openDatabase({ ...base, dataDir });
    return withDrop(db, dataDir, removeDir);
  } catch (err) {
    await removeDir();
    throw err;
  }
}

function withDrop(db: Database, name: string, remove: () => Promise<void>): TestDatabase {
  let dropped: Promise<void> | undefined;
  const drop = () =>
    (dropped ??= (async () => {
      try {
        await db.close();
      } finally {
        await remove();
      }
    })());
  return { ...db, name, drop };
}

function packageVersion(name: string): string {
  let dir = path.dirname(createRequire(import.meta.url).resolve(name));
  while (dir !== path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === name && pkg.version) return pkg.version;
    }
    dir = path.dirname(dir);
  }
  return 'unknown';
}

let templateInFlight: Promise<string> | undefined;

/** A PGlite data directory with every committed migration applied, cached by content. */
function migratedTemplate(logger?: DbLogger): Promise<string> {
  return (templateInFlight ??= buildTemplate(logger).catch((err: unknown) => {
    templateInFlight = undefined;
    throw err;
  }));
}

async function buildTemplate(logger?: DbLogger): Promise<string> {
  const migrations = await loadMigrations(MIGRATIONS_DIR);
  const pgliteVersion = packageVersion('@electric-sql/pglite');
  const key = createHash('sha256')
    .update(pgliteVersion)
    .update(migrations.map((m) => `${m.name}:${m.checksum}`).join('\n'))
    .digest('hex')
    .slice(0, 16);
  const final = path.join(os.tmpdir(), `shuoshi-pglite-template-${key}`);
  if (fs.existsSync(path.join(final, 'PG_VERSION'))) return final;

  const work = `${final}.build-${process.pid}-${randomBytes(3).toString('hex')}`;
  const server = await startEmbeddedPostgres({ dataDir: work, logger });
  try {
    await migrate(server.url, { logger });
  } finally {
    await server.close();
  }
  try {
    fs.renameSync(work, final); // atomic; another process may have won the race
  } catch {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return final;
}
