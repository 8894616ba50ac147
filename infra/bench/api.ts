/**
 * `npm run bench:api`: the REST API under concurrent clients, over HTTP, against a
 * real listening server (infra/bench/api.server.ts, a child process) with a
 * generated county of 12,000 cases (3 years, 2 townships, 60 villages):
 *
 * - list: a township mediator lists their township's open cases (GET /api/cases?open=true)
 * - stats: the county administrator's statistics (GET /api/statistics), as deployed
 *   (results reused until a write or 30 s) and computed on every request
 *
 * DATABASE_URL set: a fresh database on that PostgreSQL; else embedded PGlite.
 * Writes bench-results/api.json and prints a one-line JSON summary as its last line
 * (fields: registry.ts). Options: --cases=12000 --connections=10 --duration=15;
 * --smoke: 200 cases, 2 connections, 1 s each.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import readline from 'node:readline';
import { arg, report, root } from './common';

type Instance = Promise<AutocannonResult> & { on(ev: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void };
interface AutocannonResult {
  requests: { total: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}
const autocannon = createRequire(import.meta.url)('autocannon') as (o: Record<string, unknown>) => Instance;

const CASES = arg('cases', 12_000, 200);
const CONNECTIONS = arg('connections', 10, 2);
const DURATION = arg('duration', 15, 1);

interface Ready {
  url: string;
  uncachedUrl: string;
  db: string;
  cases: number;
  seedMs: number;
  password: string;
  townships: Array<{ id: string; name: string }>;
}

function startServer(): Promise<{ ready: Ready; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, 'infra/bench/api.server.ts'), `--cases=${CASES}`], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: process.env,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited (${code}) before it was ready`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{"ready":true')) return process.stderr.write(`${line}\n`);
      resolve({
        ready: JSON.parse(line) as Ready,
        stop: async () => {
          child.kill('SIGTERM');
          await exited;
        },
      });
    });
  });
}

async function login(url: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!res.ok) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
const r1 = (x: number) => Math.round(x * 10) / 10;

async function load(name: string, url: string, token: string) {
  // warm-up: connections, JIT, caches
  for (let i = 0; i < 30; i++) await (await fetch(url, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
  const latencies: number[] = [];
  const inst = autocannon({ url, connections: CONNECTIONS, duration: DURATION, headers: { authorization: `Bearer ${token}` } });
  inst.on('response', (_c, status, _b, ms) => {
    if (status === 200) latencies.push(ms);
  });
  const r = await inst;
  latencies.sort((a, b) => a - b);
  const out = {
    name,
    url: url.replace(/^http:\/\/[^/]+/, ''),
    connections: CONNECTIONS,
    durationS: r.duration,
    requests: r.requests.total,
    ok: latencies.length,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    rps: r1(latencies.length / r.duration),
    p50_ms: r1(pct(latencies, 50)),
    p95_ms: r1(pct(latencies, 95)),
    p99_ms: r1(pct(latencies, 99)),
    max_ms: r1(latencies[latencies.length - 1] ?? NaN),
  };
  console.error(`${name}: ${JSON.stringify(out)}`);
  return out;
}

const t0 = Date.now();
const server = await startServer();
try {
  const { ready } = server;
  console.error(`county seeded: ${ready.cases} cases in ${ready.seedMs} ms (${ready.db}); API at ${ready.url}`);
  const township = ready.townships[0]!;
  const mediator = await login(ready.url, 'mediator.qinghe.1', ready.password);
  const admin = await login(ready.url, 'admin', ready.password);

  const list = await load('list', `${ready.url}/api/cases?open=true&pageSize=20`, mediator);
  const stats = await load('stats', `${ready.url}/api/statistics`, admin);
  const statsUncached = await load('stats_uncached', `${ready.uncachedUrl}/api/statistics`, admin);
  const openCases = ((await (await fetch(`${ready.url}/api/cases?open=true&pageSize=1`, { headers: { authorization: `Bearer ${mediator}` } })).json()) as { total: number }).total;

  report(
    'api',
    { cases: ready.cases, list_p95_ms: list.p95_ms, stats_p95_ms: stats.p95_ms, list_rps: list.rps, stats_uncached_p95_ms: statsUncached.p95_ms, db: ready.db },
    { database: ready.db, seedMs: ready.seedMs, township: { name: township.name, openCases }, results: { list, stats, statsUncached }, totalMs: Date.now() - t0 },
  );
} finally {
  await server.stop();
}
