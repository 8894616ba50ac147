import { startBanner } from './banner';
import { loadConfig, ConfigError } from './config';
import { createLogger } from './logger';
import { startServer } from './server';

let config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`Shuoshi cannot start: ${err.message}`);
    process.exit(2);
  }
  throw err;
}
const log = createLogger(config.logLevel);
const server = await startServer(config, log).catch((err: unknown) => {
  log.fatal({ err }, 'start-up failed');
  process.exit(1);
});

console.log(
  startBanner({
    url: server.url,
    database: server.db.kind === 'embedded' ? `embedded PGlite in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)',
    adapter: config.redisUrl ? 'Redis' : 'in-memory',
    demoAccounts: server.demoAccounts,
  }),
);

let stopping = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    if (stopping) return;
    stopping = true;
    log.info({ signal: sig }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void server.close().then(() => process.exit(0));
  });
}
