// Apply the committed migrations, as start-up does, without starting the service.
//
//   DATABASE_URL=postgresql://… npx tsx db/src/cli/migrate.ts [--status]
//   npx tsx db/src/cli/migrate.ts [--status]      # embedded: $DATA_DIR/pglite (default ./data/pglite)
//
// The embedded database must not be open in a running server at the same time.
import path from 'node:path';
import { DbError } from '../errors';
import { migrate, migrationStatus } from '../migrate';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../embedded';
import { redactUrl } from '../pg';

const statusOnly = process.argv.includes('--status');
let embedded: EmbeddedPostgres | undefined;
try {
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dataDir = path.resolve(process.env.INIT_CWD ?? process.cwd(), process.env.DATA_DIR ?? './data', 'pglite');
    console.log(`DATABASE_URL is not set: using the embedded database in ${dataDir}`);
    embedded = await startEmbeddedPostgres({ dataDir });
    url = embedded.url;
  } else {
    console.log(`database: ${redactUrl(url)}`);
  }
  if (statusOnly) {
    const s = await migrationStatus(url);
    console.log(`applied: ${s.applied.length}${s.applied.map((n) => `\n  ${n}`).join('')}`);
    console.log(`pending: ${s.pending.length}${s.pending.map((n) => `\n  ${n}`).join('')}`);
    if (s.unknown.length) console.log(`in the database only: ${s.unknown.join(', ')}`);
    process.exitCode = s.pending.length ? 1 : 0;
  } else {
    const r = await migrate(url, {
      logger: { debug: () => {}, info: (o, m) => console.log(`${m}: ${JSON.stringify(o)}`), warn: (o, m) => console.warn(`warning: ${m} ${JSON.stringify(o)}`), error: (o, m) => console.error(`${m} ${JSON.stringify(o)}`) },
    });
    console.log(r.applied.length ? `applied ${r.applied.length} migration(s) in ${r.durationMs} ms` : `up to date (${r.alreadyApplied} applied)`);
  }
} catch (err) {
  console.error(err instanceof DbError ? `error (${err.code}): ${err.message}` : err);
  process.exitCode = 1;
} finally {
  await embedded?.close();
}
