/**
 * `npm run bench:start`: times `npm start` on a fresh clone of this repository, from
 * the command to the first `GET /health` answering 200 with every component up.
 *
 *   npm run bench:start              # warm: the mediasoup worker is already cached
 *   npm run bench:start -- --cold    # also cold: an empty worker cache (a 4–9 minute build)
 *   npm run bench:start -- --smoke   # `npm start` in this checkout (already set up), no clone
 *
 * Writes bench-results/start.json and prints a one-line JSON summary as its last line
 * (fields: registry.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { execFileSync, spawn } from 'node:child_process';
import { report, root, round, sleep, smoke } from './common';

const cold = process.argv.includes('--cold');
const log = (msg: string) => console.error(`[bench:start] ${msg}`);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/**
 * Seconds from `npm start` to a healthy /health. A fresh clone of this repository
 * (its committed HEAD) unless `inPlace`: then this checkout, with a throw-away data dir.
 */
async function timeStart(label: string, extraEnv: Record<string, string>, inPlace = false): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `shuoshi-bench-start-${label}-`));
  const dir = inPlace ? root : tmp;
  if (!inPlace) execFileSync('git', ['clone', '-q', root, dir]);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', MEDIASOUP_PORT: '0', LOG_LEVEL: 'warn', ...(inPlace ? { DATA_DIR: path.join(tmp, 'data') } : {}), ...extraEnv };
  delete env.DATABASE_URL; // embedded defaults, as a newcomer runs it
  delete env.REDIS_URL;
  const t0 = performance.now();
  const child = spawn('npm', ['start'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let gone = false;
  void exited.then(() => (gone = true));
  try {
    for (;;) {
      if (gone) throw new Error(`npm start exited before /health was up:\n${output.slice(-3000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        if (res.status === 200) break;
      } catch {
        /* not listening yet */
      }
      await sleep(200);
    }
    const seconds = (performance.now() - t0) / 1000;
    log(`${label}: /health up ${seconds.toFixed(1)} s after \`npm start\`${inPlace ? ' in this checkout' : ' on a fresh clone'}`);
    return seconds;
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      /* gone */
    }
    await Promise.race([exited, sleep(10_000)]);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

const loadBefore = os.loadavg();
const summary: Record<string, number | string> = { where: smoke ? 'this checkout' : 'fresh clone' };
summary.warm_s = round(await timeStart('warm', {}, smoke));
if (cold) {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-bench-cache-'));
  try {
    summary.cold_s = round(await timeStart('cold', { SHUOSHI_CACHE_DIR: cache }));
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
}
summary.load1 = round(os.loadavg()[0]!); // other work on the machine slows every figure
report('start', summary, { loadavg_before: loadBefore, loadavg_after: os.loadavg() });
process.exit(0);
