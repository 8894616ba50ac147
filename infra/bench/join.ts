/**
 * `npm run bench:join`: how long a participant waits, from the join call, for the
 * first decoded frame of the one publisher in the room — N times, each in a fresh
 * browser context — and, in the same run, the same wait over a direct browser-to-
 * browser connection (two RTCPeerConnections in one fresh page, no SFU) as the baseline.
 *
 * Everyone comes in the way people do (join-session.ts): the mediator signs in,
 * schedules and starts a session inviting legal advisors and joins as its host
 * (publishing camera and microphone); each joiner is an invited advisor with the join
 * token the API gives them, receive-only. A joiner the server sends to the lobby
 * fails the run at once: the benchmark measures admitted joins only.
 *
 * Writes bench-results/join.json (every sample) and prints a one-line JSON summary
 * as its last line (fields: registry.ts). Options: --joins=20 --baseline=20;
 * --smoke: 2 joins, 1 baseline.
 */
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import type { Page } from 'playwright-core';
import { CHROMIUM_ARGS, launchChromium } from '../../signaling/test/support/browser';
import { openLiveKitPage } from '../../signaling/test/support/livekit-page';
import { startTestServer } from '../../signaling/test/support/test-server';
import { arg, percentile, report, root, round, sleep } from './common';
import { directFirstFrame } from './direct-baseline';
import { setUpBenchSession } from './join-session';

const JOINS = arg('joins', 20, 2);
const BASELINE = arg('baseline', JOINS, 1);
/** Pause between a page being ready and its join call, on both paths. */
const SETTLE_MS = 500;
const log = (msg: string) => console.error(`[bench:join] ${msg}`);

async function main() {
  // the built web client is what participants load (its output to stderr: stdout carries only the summary)
  const setup = spawnSync(process.execPath, [path.join(root, 'infra/scripts/setup.mjs'), '--only=web'], { stdio: ['ignore', 2, 2] });
  if (setup.status !== 0) throw new Error('building the web client failed');

  // the LiveKit row: the endpoint on, and the route-served livekit-client page allowed to reach 127.0.0.1
  const env = { LIVEKIT_API_KEY: 'APIbenchJoin', LIVEKIT_API_SECRET: 'bench-join-livekit-secret-0123456789abcdef' };
  const args = CHROMIUM_ARGS.map((a) => (a.startsWith('--disable-features=') ? `${a},LocalNetworkAccessChecks` : a));
  const [server, browser] = await Promise.all([startTestServer({ env }), launchChromium(args)]);
  try {
    const session = await setUpBenchSession(server.db.prisma, server.url, JOINS);
    log(`session ${session.sessionId} scheduled through the API with ${session.invitees} invited advisors`);

    // the one publishing participant: the session's host
    const pubCtx = await browser.newContext();
    const publisher = await pubCtx.newPage();
    await publisher.goto(`${server.url}/room/${session.roomId}#token=${session.host.token}`);
    await publisher.waitForFunction(() => globalThis.__shuoshi?.client?.state === 'joined', null, { timeout: 20_000 });
    await sleep(1_000); // let its encoder settle

    const sfu: number[] = [];
    const steps: Array<Record<string, number>> = [];
    for (let i = 0; i < JOINS; i++) {
      const joiner = await session.joiner(i);
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(`${server.url}/room/${joiner.roomId}#token=${joiner.token}&publish=0&autojoin=0`);
      await page.waitForFunction(() => globalThis.__shuoshi?.client?.state === 'idle', null, { timeout: 10_000 });
      await sleep(SETTLE_MS); // nobody presses "join" the instant the page appears
      // the page's test hook (web/src/room/test-hook.ts; signaling/test/support/page-hook.ts types it, but not `marks`)
      const ms = await page.evaluate(async () => {
        const hook = globalThis.__shuoshi!;
        const client = hook.client! as typeof hook.client & { marks: Record<string, number> };
        const t0 = performance.now();
        await client.join();
        // a joiner in the lobby gets no media: say so now rather than time out on the frame
        if (client.admission !== 'admitted') return { admission: client.admission ?? 'none', total: NaN, steps: {} as Record<string, number> };
        const total = await hook.firstRemoteFrame(t0);
        const steps = Object.fromEntries(Object.entries(client.marks).map(([k, v]) => [k, v - t0]));
        return { admission: 'admitted', total, steps };
      });
      if (ms.admission !== 'admitted') throw new Error(`joiner ${i + 1} (${joiner.role} ${joiner.peerId}) was not admitted: admission ${ms.admission}`);
      steps.push(ms.steps);
      sfu.push(ms.total);
      log(`sfu join ${i + 1}/${JOINS}: ${ms.total.toFixed(0)} ms`);
      // leave the room, so the next join of the same advisor takes a fresh seat (not a reload replacing this one)
      await page.evaluate(() => globalThis.__shuoshi!.client!.leave());
      await ctx.close();
    }

    // the same joins with the npm livekit-client (a fresh context each; receive-only, as above)
    const livekit: number[] = [];
    for (let i = 0; i < JOINS; i++) {
      const t = await session.liveKitJoiner(i);
      const p = await openLiveKitPage(browser, server.url, `livekit ${i + 1}`);
      await sleep(SETTLE_MS);
      const ms = await p.run(
        async ({ url, token, host }) => {
          const lk = (globalThis as any).__lk;
          const t0 = performance.now();
          await lk.room.connect(url, token);
          return lk.firstFrame(t0, host);
        },
        { url: server.url.replace(/^http/, 'ws'), token: t.token, host: session.host.peerId },
      );
      livekit.push(ms);
      log(`livekit join ${i + 1}/${JOINS}: ${ms.toFixed(0)} ms`);
      await p.run(() => (globalThis as any).__lk.room.disconnect(), null);
      await p.close();
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
      livekit_p50_ms: round(percentile([...livekit].sort((a, b) => a - b), 50)),
      livekit_p95_ms: round(percentile([...livekit].sort((a, b) => a - b), 95)),
    };
    // median ms from join() to each step of the SFU join
    const stepNames = [...new Set(steps.flatMap((x) => Object.keys(x)))];
    const medianSteps = Object.fromEntries(
      stepNames.map((k) => [k, round(percentile(steps.map((x) => x[k] ?? NaN).filter(Number.isFinite).sort((a, b) => a - b), 50))]),
    );
    report('join', summary, {
      baseline_p50_ms: round(percentile(d, 50)),
      sfu_median_step_ms: medianSteps,
      samples_ms: { sfu: sfu.map((x) => round(x)), livekit: livekit.map((x) => round(x)), direct: direct.map((x) => round(x)) },
      method:
        `Both paths: a fresh browser context per sample; the page is left ${SETTLE_MS} ms after it is ready. ` +
        'SFU: the host (a mediator who scheduled the session through the API) publishes camera and microphone; each joiner is a legal advisor invited to the session, with the join token POST /api/sessions/:id/join-token gave them; ' +
        'the context loads /room (receive-only, not yet joined; the page warms up WebRTC at load); the clock starts at RoomClient.join() and stops when getStats (polled every 10 ms) shows framesDecoded > 0 for the publisher\'s video; the joiner then leaves. ' +
        'LiveKit: the same invited advisors with the token POST /api/sessions/:id/livekit-token gave them, on a page of the npm livekit-client bundle (served by the bench on the server\'s origin); the clock starts at room.connect() (including its /rtc/v1 → /rtc fallback) and stops at framesDecoded > 0 for the host\'s video (10 ms getStats polling); then room.disconnect(). ' +
        'Baseline: a fresh browser context loads the home page and opens the camera; then two RTCPeerConnections in that page connect directly (offer/answer and ICE exchanged in-page, no server); the clock runs from creating them to framesDecoded > 0 on the receiver (same 10 ms getStats polling).',
      chromium: browser.version(),
      database: server.db.kind,
      redis: Boolean(process.env.REDIS_URL),
    });
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
