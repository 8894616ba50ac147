#!/usr/bin/env node
// Times `npm start` on a fresh clone of this repository, from the command to the
// first `GET /health` answering 200 with every component up.
//
//   npm run bench:start              # warm: the mediasoup worker is already cached
//   npm run bench:start -- --cold    # also cold: an empty worker cache (a 4–9 minute build)
//
// Writes bench-results/start.json; the last line printed is a one-line JSON summary.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { execFileSync, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const cold = process.argv.includes('--cold');

const freePort = () =>
  new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function timeStart(label, extraEnv) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `shuoshi-bench-start-${label}-`));
  execFileSync('git', ['clone', '-q', root, dir]);
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', MEDIASOUP_PORT: '0', LOG_LEVEL: 'warn', ...extraEnv };
  delete env.DATABASE_URL; // embedded defaults, as a newcomer runs it
  delete env.REDIS_URL;
  const t0 = performance.now();
  const child = spawn('npm', ['start'], { cwd: dir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = false;
  child.on('exit', () => (exited = true));
  try {
    for (;;) {
      if (exited) throw new Error(`npm start exited before /health was up:\n${output.slice(-3000)}`);
      try {
        const res = await fetch(`http://127.0.0.1:${port}/health`);
        if (res.status === 200) break;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(`${label}: /health up ${seconds.toFixed(1)} s after \`npm start\` on a fresh clone`);
    return seconds;
  } finally {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
    await new Promise((r) => setTimeout(r, 1500));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const result = { machine: { cpus: os.availableParallelism(), node: process.version, loadavg_before: os.loadavg() }, at: new Date().toISOString() };
result.warm_s = Number((await timeStart('warm', {})).toFixed(1));
if (cold) {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-bench-cache-'));
  try {
    result.cold_s = Number((await timeStart('cold', { SHUOSHI_CACHE_DIR: cache })).toFixed(1));
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
}
result.machine.loadavg_after = os.loadavg(); // other work on the machine slows every figure
fs.mkdirSync(path.join(root, 'bench-results'), { recursive: true });
fs.writeFileSync(path.join(root, 'bench-results', 'start.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify({ warm_s: result.warm_s, ...(cold ? { cold_s: result.cold_s } : {}), load1: Number(os.loadavg()[0].toFixed(1)) }));
