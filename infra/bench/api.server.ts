/**
 * The server side of `npm run bench:api` (started by infra/bench/api.ts as a child
 * process, so the load generator does not share its event loop): a throw-away
 * database (DATABASE_URL → a new database on that server, else embedded PGlite in a
 * temp dir) with the generated county, and the API listening on two real ports:
 * one as deployed (statistics cache on) and one computing statistics on every
 * request. Prints one JSON line when ready; SIGTERM closes and drops everything.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, seedCounty } from '@shuoshi/db';
import { buildApp } from '../../signaling/src/app';
import { createLogger } from '../../signaling/src/logger';
import { apiPlugin } from '../../signaling/src/plugins/api';

const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const CASES = arg('cases', 12_000);
const SECRET = 'bench-secret-bench-secret-bench-secret-00';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-bench-api-'));
const db = await createTestDatabase();
const seeded = await seedCounty(db, { cases: CASES, secret: SECRET });

const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
const serve = async (statisticsCacheMs: number) => {
  const api = apiPlugin({ prisma: db.prisma, pool: db.pool, authSecret: SECRET, dataDir, statisticsCacheMs, docs: false });
  const app = await buildApp({ logger: log, webDist: path.join(dataDir, 'no-web'), healthChecks: [], plugins: [api.plugin] });
  // The bench measures the API, not request logging to stdout.
  await app.listen({ host: '127.0.0.1', port: 0 });
  const addr = app.server.address();
  return { app, url: `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}` };
};
const deployed = await serve(30_000);
const uncached = await serve(0);

console.log(
  JSON.stringify({
    ready: true,
    url: deployed.url,
    uncachedUrl: uncached.url,
    db: db.kind,
    cases: seeded.rows.cases,
    seedMs: seeded.ms,
    password: seeded.password,
    townships: seeded.townships,
  }),
);

let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  void (async () => {
    await deployed.app.close();
    await uncached.app.close();
    // requests the load generator gave up on may still be running their SQL
    await new Promise((r) => setTimeout(r, 2_000));
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  })();
});
