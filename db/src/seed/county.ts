import type pg from 'pg';
import { hashPassword } from '../passwords';
import { ID_NUMBER_KEY_PURPOSE, deriveKey } from '../identity';
import { silentLogger, type DbLogger } from '../logger';
import { writeRows } from './bulk';
import { planConsultations } from './consultations';
import { DAY, PartyPool, planCases } from './lifecycle';
import { planOrganisation, type Organisation } from './organisation';
import { Random } from './random';
import { seedTables } from './tables';

/**
 * A realistic county for statistics, benchmarks and demos: 云岭县 with 2 townships,
 * 60 villages, their talk rooms and staff, and `cases` disputes over `years` years
 * (categories skewed to land, neighbours and family; ~90% settled; written and
 * verbal agreements; village failures referred up; follow-ups; consultations).
 *
 * Deterministic: the same seed, case count, years, asOf and ID-number key give the
 * same rows (ids included). Written with multi-row `INSERT … SELECT FROM unnest(…)`
 * in one transaction: ~200,000 rows in seconds on PostgreSQL.
 */
export interface SeedCountyOptions {
  seed?: number;
  /** Default 12,000. */
  cases?: number;
  /** Default 3. */
  years?: number;
  /** Consultations per year (default 1,400). */
  consultationsPerYear?: number;
  /** The generated history ends here (default: the start of today in China). */
  asOf?: Date;
  /** Every generated account's password (default "shuoshi-demo"). */
  password?: string;
  /** The server secret (config.authSecret) from which the ID-number look-up key is derived. */
  secret: string;
  logger?: DbLogger;
}

export interface SeedCountyResult {
  countyId: string;
  asOf: Date;
  password: string;
  accounts: Organisation['accounts'];
  townships: Array<{ id: string; name: string; villages: number }>;
  rows: Record<string, number>;
  ms: number;
}

export const DEFAULT_SEED = 20261123;

/** Start of the current day in Asia/Shanghai (UTC+8, no daylight saving). */
export function startOfTodayInChina(now = Date.now()): Date {
  const cst = 8 * 3_600_000;
  return new Date(Math.floor((now + cst) / DAY) * DAY - cst);
}

export class DatabaseNotEmptyError extends Error {
  readonly code = 'DATABASE_NOT_EMPTY';
}

/** The rows of a county, not yet written (pure and deterministic but for the password hash). */
export async function planCounty(opts: SeedCountyOptions) {
  const asOf = opts.asOf ?? startOfTodayInChina();
  const years = opts.years ?? 3;
  const password = opts.password ?? 'shuoshi-demo';
  const seed = opts.seed ?? DEFAULT_SEED;
  const rnd = new Random(seed);
  const t = seedTables();
  const orgAt = new Date(asOf.getTime() - (years * 365 + 30) * DAY);
  const org = planOrganisation(rnd, t, orgAt, await hashPassword(password));
  const parties = new PartyPool(rnd, t, deriveKey(opts.secret, ID_NUMBER_KEY_PURPOSE));
  planCases(rnd, t, org, parties, { cases: opts.cases ?? 12_000, years, asOf });
  planConsultations(rnd, t, org, parties, { count: Math.round((opts.consultationsPerYear ?? 1_400) * years), years, asOf });
  t.audit.add('SYSTEM', 'county.seeded', 'County', org.countyId, asOf, { seed, cases: t.cases.length });
  return { tables: t, org, asOf, password };
}

export async function seedCounty(db: { pool: pg.Pool }, opts: SeedCountyOptions): Promise<SeedCountyResult> {
  const t0 = performance.now();
  const log = opts.logger ?? silentLogger;
  const { tables: t, org, asOf, password } = await planCounty(opts);
  const planned = performance.now();

  const client = await db.pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM counties');
    if (rows[0]!.n > 0) throw new DatabaseNotEmptyError('the database already has a county: seed an empty database (or pass --reset to the CLI)');
    for (const table of Object.values(t)) await writeRows(client, table);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {});
    throw err;
  } finally {
    client.release();
  }
  // Fresh statistics for the planner: the tables went from empty to full in one go.
  await db.pool.query('ANALYZE');

  const counts = Object.fromEntries(Object.values(t).map((x) => [x.table, x.length]));
  const ms = Math.round(performance.now() - t0);
  log.info({ ms, planMs: Math.round(planned - t0), rows: counts }, 'county seeded');
  return {
    countyId: org.countyId,
    asOf,
    password,
    accounts: org.accounts,
    townships: org.townships.map((x) => ({ id: x.id, name: x.name, villages: x.villages.length })),
    rows: counts,
    ms,
  };
}

/** Empties every table the application writes (migrations bookkeeping stays). */
export async function truncateDomain(pool: pg.Pool): Promise<void> {
  const { rows } = await pool.query<{ name: string }>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations'`,
  );
  if (rows.length === 0) return;
  await pool.query(`TRUNCATE ${rows.map((r) => `"${r.name}"`).join(', ')} RESTART IDENTITY CASCADE`);
}
