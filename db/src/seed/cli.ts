// Generate a realistic county (2 townships, 60 villages, 3 years, 12,000 cases by default).
//
//   npm run db:seed                                   # embedded: $DATA_DIR/pglite (default ./data/pglite)
//   DATABASE_URL=postgresql://… npm run db:seed -- --cases 20000 --seed 7
//   npm run db:seed -- --reset                        # empty every table first (asks nothing: be sure)
//
// Options: --seed N, --cases N, --years N, --as-of YYYY-MM-DD, --password P, --reset.
// ID-number hashes are keyed by AUTH_SECRET, or the secret kept in $DATA_DIR/auth-secret
// (the one the server uses when AUTH_SECRET is unset), so look-ups work against the server.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase } from '../database';
import { DEFAULT_SEED, DatabaseNotEmptyError, seedCounty, startOfTodayInChina, truncateDomain } from './county';

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    cases: { type: 'string' },
    years: { type: 'string' },
    'as-of': { type: 'string' },
    password: { type: 'string' },
    reset: { type: 'boolean', default: false },
  },
});
const int = (v: string | undefined, name: string, dflt: number) => {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
};
const asOf = values['as-of'] ? new Date(`${values['as-of']}T00:00:00+08:00`) : startOfTodayInChina();
if (Number.isNaN(asOf.getTime())) throw new Error('--as-of must be YYYY-MM-DD');

const cwd = process.env.INIT_CWD ?? process.cwd();
const dataDir = path.resolve(cwd, process.env.DATA_DIR ?? './data');
const secret = process.env.AUTH_SECRET || localSecret(dataDir);
const db = await openDatabase({ url: process.env.DATABASE_URL || undefined, dataDir: path.join(dataDir, 'pglite') });
try {
  if (values.reset) await truncateDomain(db.pool);
  const r = await seedCounty(db, {
    seed: int(values.seed, 'seed', DEFAULT_SEED),
    cases: int(values.cases, 'cases', 12_000),
    years: int(values.years, 'years', 3),
    asOf,
    password: values.password,
    secret,
  });
  console.log(`Seeded ${r.rows.cases} cases in ${r.ms} ms (${db.kind}); history up to ${r.asOf.toISOString()}.`);
  console.log(Object.entries(r.rows).map(([k, v]) => `${k}=${v}`).join(' '));
  console.log(`Sign in with password "${r.password}" as: admin, lawyer.1…4, mediator.qinghe.1…3, mediator.shiqiao.1…3, operator.qinghe.01…, operator.shiqiao.01…`);
} catch (err) {
  if (!(err instanceof DatabaseNotEmptyError)) throw err;
  // e.g. the server's first start created the demo organisation
  console.error('The database already has an organisation. Run with --reset to empty it first (everything in it is deleted).');
  process.exitCode = 1;
} finally {
  await db.close();
}

/** The same file and format as the server's config (signaling/src/config.ts). */
function localSecret(dir: string): string {
  const file = path.join(dir, 'auth-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(dir, { recursive: true });
    const s = crypto.randomBytes(32).toString('base64url');
    fs.writeFileSync(file, s, { mode: 0o600 });
    return s;
  }
}
