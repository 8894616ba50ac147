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

const banner = [
  '',
  `  说事 Shuoshi is running: ${server.url}`,
  `  health: ${server.url}/health   API docs: ${server.url}/docs`,
  `  database: ${server.db.kind === 'embedded' ? `embedded PGlite in ${config.dataDir}/pglite` : 'PostgreSQL (DATABASE_URL)'}; socket.io adapter: ${config.redisUrl ? 'Redis' : 'in-memory'}`,
];
if (server.demoAccounts.length > 0) {
  banner.push('', '  Demo organisation created. Sign in with (username / password):');
  for (const a of server.demoAccounts) banner.push(`    ${a.role.padEnd(22)} ${a.username} / ${a.password}`);
  banner.push('  (These are printed only on the first run.)');
}
console.log(`${banner.join('\n')}\n`);

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
