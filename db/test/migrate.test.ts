import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, migrationStatus, MIGRATIONS_DIR } from '../src/migrate';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { createPool } from '../src/pg';
import { MigrationChecksumMismatchError, MigrationFailedError, MigrationIncompleteError } from '../src/errors';
import { copyMigrations, mode } from './helpers';

const dbDir = fileURLToPath(new URL('..', import.meta.url));

describe(`migration runner (${mode})`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('applies every migration to a fresh database, recorded as Prisma records them', async () => {
    const local = await loadMigrations();
    expect(local.length).toBeGreaterThan(0);
    expect(await migrationStatus(db.pool)).toEqual({ applied: [], pending: local.map((m) => m.name), unknown: [] });

    const first = await migrate(db.pool);
    expect(first.applied).toEqual(local.map((m) => m.name));

    const { rows } = await db.pool.query('SELECT * FROM "_prisma_migrations" ORDER BY "migration_name"');
    expect(rows).toHaveLength(local.length);
    for (const [i, m] of local.entries()) {
      const file = fs.readFileSync(path.join(MIGRATIONS_DIR, m.name, 'migration.sql'));
      expect(rows[i]).toMatchObject({
        migration_name: m.name,
        checksum: createHash('sha256').update(file).digest('hex'),
        logs: null,
        rolled_back_at: null,
        applied_steps_count: 1,
      });
      expect(rows[i].id).toMatch(/^[0-9a-f-]{36}$/);
      expect(rows[i].finished_at).toBeInstanceOf(Date);
      expect(rows[i].started_at).toBeInstanceOf(Date);
    }
    const tables = await db.pool.query(`SELECT to_regclass('cases') AS c, to_regclass('audit_logs') AS a`);
    expect(tables.rows[0]).toEqual({ c: 'cases', a: 'audit_logs' });
  });

  it('is idempotent: a second run applies nothing', async () => {
    const again = await migrate(db.pool);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toBe((await loadMigrations()).length);
    expect((await db.pool.query('SELECT count(*)::int AS n FROM "_prisma_migrations"')).rows[0].n).toBe(again.alreadyApplied);
    expect((await migrationStatus(db.pool)).pending).toEqual([]);
  });

  it('refuses to run when an applied migration was edited', async () => {
    const copy = copyMigrations();
    try {
      const [first] = await loadMigrations(copy.dir);
      fs.appendFileSync(path.join(copy.dir, first!.name, 'migration.sql'), '\n-- edited after it was applied\n');
      const err = await migrate(db.pool, { migrationsDir: copy.dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MigrationChecksumMismatchError);
      expect((err as MigrationChecksumMismatchError).migration).toBe(first!.name);
      expect((err as Error).message).toContain('changed after it was applied');
    } finally {
      copy.remove();
    }
  });

  it('rolls a failing migration back completely and records nothing', async () => {
    const copy = copyMigrations();
    try {
      const dir = path.join(copy.dir, '29991231000000_broken');
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, 'migration.sql'), 'CREATE TABLE "probe_partial" ("id" INT);\nSELECT no_such_function();\n');
      const err = await migrate(db.pool, { migrationsDir: copy.dir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(MigrationFailedError);
      expect((err as Error).message).toMatch(/29991231000000_broken.*no_such_function/s);
      expect((await db.pool.query(`SELECT to_regclass('probe_partial') AS t`)).rows[0].t).toBeNull();
      const names = (await db.pool.query('SELECT "migration_name" FROM "_prisma_migrations"')).rows.map((r) => r.migration_name);
      expect(names).not.toContain('29991231000000_broken');
    } finally {
      copy.remove();
    }
  });

  it('refuses to run over a migration the Prisma CLI left unfinished', async () => {
    const copy = copyMigrations();
    try {
      const name = '29991231000001_half_done';
      fs.mkdirSync(path.join(copy.dir, name));
      fs.writeFileSync(path.join(copy.dir, name, 'migration.sql'), 'SELECT 1;\n');
      await db.pool.query(`INSERT INTO "_prisma_migrations" ("id", "checksum", "migration_name", "logs") VALUES ('00000000-0000-4000-8000-000000000001', 'x', $1, 'boom')`, [name]);
      await expect(migrate(db.pool, { migrationsDir: copy.dir })).rejects.toBeInstanceOf(MigrationIncompleteError);
    } finally {
      await db.pool.query(`DELETE FROM "_prisma_migrations" WHERE "id" = '00000000-0000-4000-8000-000000000001'`);
      copy.remove();
    }
  });

  it('agrees with `prisma migrate status`', async () => {
    const prismaCli = fileURLToPath(new URL('../../node_modules/prisma/build/index.js', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, [prismaCli, 'migrate', 'status'], {
      cwd: dbDir,
      env: { ...process.env, DATABASE_URL: db.url, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      timeout: 60_000,
    });
    expect(stdout).toContain('Database schema is up to date!');
  });
});

describe(`concurrent migration (${mode})`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('two nodes migrating one database at once apply each migration exactly once', async () => {
    const pools = [createPool(db.url, { max: 1 }), createPool(db.url, { max: 1 })];
    try {
      const results = await Promise.all(pools.map((p) => migrate(p)));
      const local = (await loadMigrations()).map((m) => m.name);
      expect(results.flatMap((r) => r.applied).sort()).toEqual([...local].sort());
      const { rows } = await db.pool.query('SELECT "migration_name", count(*)::int AS n FROM "_prisma_migrations" GROUP BY 1');
      expect(rows).toHaveLength(local.length);
      expect(rows.every((r) => r.n === 1)).toBe(true);
    } finally {
      await Promise.all(pools.map((p) => p.end()));
    }
  });
});
