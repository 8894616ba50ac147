/**
 * `npm run bench:join`: how long a participant waits, from the join call, for the
 * first decoded frame of the one publisher in the room — N times, each in a fresh
 * browser context — and, in the same run, the same wait over a direct browser-to-
 * browser connection (two RTCPeerConnections in one fresh page, no SFU) as the baseline.
 *
 * Writes bench-results/join.json (every sample) and prints a one-line JSON summary
 * as its last line. Options: --joins=20 --baseline=20
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { loadConfig } from '../../signaling/src/config';
import { createLogger } from '../../signaling/src/logger';
import { startServer } from '../../signaling/src/server';
import { issueRoomToken } from '../../signaling/src/auth/room-token';
import { directFirstFrame } from './direct-baseline';

const root = path.resolve(import.meta.dirname, '..', '..');
const arg = (name: string, dflt: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? dflt);
const JOINS = arg('joins', 20);
const BASELINE = arg('baseline', JOINS);
const ROOM = 'bench-room';
/** Pause between a page being ready and its join call, on both paths. */
const SETTLE_MS = 500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FLAGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns', '--autoplay-policy=no-user-gesture-required',
];

/** The page's test hook (web/src/room/test-hook.ts); page callbacks are serialised, so each reads it itself. */
type Hook = { client?: { state: string; marks: Record<string, number>; join(): Promise<void> }; firstRemoteFrame(since: number, peerId?: string): Promise<number> };
declare global {
  var __shuoshi: Hook | undefined;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
const round = (n: number) => Math.round(n * 10) / 10;
const log = (msg: string) => console.error(`[bench:join] ${msg}`);

async function main() {
  // the built web client is what participants load
  const setup = spawnSync(process.execPath, [path.join(root, 'infra/scripts/setup.mjs'), '--only=web'], { stdio: 'inherit' });
  if (setup.status !== 0) throw new Error('building the web client failed');

  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-bench-'));
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, SEED_DEMO: 'false', LOG_LEVEL: 'warn', DEV_TOKENS: 'true',
    MEDIASOUP_PORT: '0', MEDIASOUP_NUM_WORKERS: '1', MEDIASOUP_LISTEN_IP: '127.0.0.1',
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  });
  const server = await startServer(config, createLogger('warn'));
  const browser: Browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true, args: FLAGS });
  const token = async (role: 'mediator' | 'observer', name: string) => (await issueRoomToken(config.authSecret, { roomId: ROOM, role, displayName: name })).token;

  try {
    // the one publishing participant
    const pubCtx = await browser.newContext();
    const publisher = await pubCtx.newPage();
    await publisher.goto(`${server.url}/room/${ROOM}#token=${await token('mediator', '调解员')}`);
    await publisher.waitForFunction(() => globalThis.__shuoshi?.client?.state === 'joined', null, { timeout: 20_000 });
    await new Promise((r) => setTimeout(r, 1_000)); // let its encoder settle

    const sfu: number[] = [];
    const steps: Array<Record<string, number>> = [];
    for (let i = 0; i < JOINS; i++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(`${server.url}/room/${ROOM}#token=${await token('observer', `joiner-${i}`)}&publish=0&autojoin=0`);
      await page.waitForFunction(() => globalThis.__shuoshi?.client?.state === 'idle', null, { timeout: 10_000 });
      await sleep(SETTLE_MS); // nobody presses "join" the instant the page appears
      const ms = await page.evaluate(async () => {
        const hook = globalThis.__shuoshi!;
        const t0 = performance.now();
        await hook.client!.join();
        const total = await hook.firstRemoteFrame(t0);
        const steps = Object.fromEntries(Object.entries(hook.client!.marks).map(([k, v]) => [k, v - t0]));
        return { total, steps };
      });
      steps.push(ms.steps);
      sfu.push(ms.total);
      log(`sfu join ${i + 1}/${JOINS}: ${ms.total.toFixed(0)} ms`);
      await ctx.close();
    }

    const direct: number[] = [];
    for (let i = 0; i < BASELINE; i++) {
      // a fresh context and page each time, as for the SFU joins (a cold WebRTC stack in both)
      const ctx = await browser.newContext();
      const page: Page = await ctx.newPage();
      // tsx (esbuild keepNames) wraps named functions in __name(): give the page a no-op one
      await page.addInitScript({ content: 'globalThis.__name = (f) => f;' });
      await page.goto(`${server.url}/`); // a page of the origin: a secure context for getUserMedia
      await sleep(SETTLE_MS);
      const ms = await page.evaluate(directFirstFrame);
      direct.push(ms);
      log(`direct ${i + 1}/${BASELINE}: ${ms.toFixed(0)} ms`);
      await ctx.close();
    }

    const s = [...sfu].sort((a, b) => a - b);
    const d = [...direct].sort((a, b) => a - b);
    const summary = {
      joins: JOINS,
      p50_ms: round(percentile(s, 50)),
      p95_ms: round(percentile(s, 95)),
      baseline_p95_ms: round(percentile(d, 95)),
      ratio_p95: Number((percentile(s, 95) / percentile(d, 95)).toFixed(2)),
    };
    // median ms from join() to each step of the SFU join
    const stepNames = [...new Set(steps.flatMap((x) => Object.keys(x)))];
    const medianSteps = Object.fromEntries(
      stepNames.map((k) => [k, round(percentile(steps.map((x) => x[k] ?? NaN).filter(Number.isFinite).sort((a, b) => a - b), 50))]),
    );
    const out = path.join(root, 'bench-results');
    fs.mkdirSync(out, { recursive: true });
    const detail = {
      ...summary,
      baseline_p50_ms: round(percentile(d, 50)),
      sfu_median_step_ms: medianSteps,
      samples_ms: { sfu: sfu.map(round), direct: direct.map(round) },
      method:
        `Both paths: a fresh browser context per sample; the page is left ${SETTLE_MS} ms after it is ready. ` +
        'SFU: the context loads /room (receive-only, not yet joined; the page warms up WebRTC at load); the clock starts at RoomClient.join() and stops when getStats (polled every 10 ms) shows framesDecoded > 0 for the publisher\'s video. ' +
        'Baseline: a fresh browser context loads the home page and opens the camera; then two RTCPeerConnections in that page connect directly (offer/answer and ICE exchanged in-page, no server); the clock runs from creating them to framesDecoded > 0 on the receiver (same 10 ms getStats polling).',
      machine: { cpus: os.cpus().length, node: process.version, chromium: browser.version(), when: new Date().toISOString() },
      database: server.db.kind,
      redis: Boolean(config.redisUrl),
    };
    fs.writeFileSync(path.join(out, 'join.json'), `${JSON.stringify(detail, null, 2)}\n`);
    log(`results in ${path.relative(process.cwd(), path.join(out, 'join.json'))}`);
    console.log(JSON.stringify(summary));
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
