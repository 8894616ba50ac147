/**
 * The village kiosk on a 1 Mbps link (125 kB/s each way, 100 ms latency, no cache), in
 * real Chromium against the real server: it loads the whole of its code, takes its lobby
 * seat and, admitted by a mediator who is waiting for it, joins with its media reaching
 * the mediator. How long that takes is `npm run bench:kiosk`'s figure (its 5 s budget),
 * not this test's.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Participant, eventually, launchChromium } from './support/browser';
import { admitOnArrival, enrolDeviceByApi, kioskLoadAndJoin, seedKioskFixture, type KioskFixture } from './support/kiosk';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';

const root = path.resolve(import.meta.dirname, '..', '..');
let server: TestServer;
let browser: Browser;
let fx: KioskFixture;
let mediator: Participant;

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  fx = await seedKioskFixture(server);
  const token = await server.token(fx.roomId, 'mediator', fx.staff.mediator.displayName, `staff-${fx.staff.mediator.id}`);
  mediator = await Participant.open(browser, 'mediator', `${server.url}/room/${fx.roomId}#token=${token}`);
  await mediator.waitForState('joined');
}, 120_000);

afterAll(async () => {
  await mediator?.close();
  await browser?.close();
  await server?.stop();
});

describe(`the village kiosk on a slow link (${process.env.DATABASE_URL ? 'postgres' : 'embedded'})`, () => {
  // This test found a real bug (issue #13): a mediator who admits the kiosk the moment it arrives could reach the server while
  // the join was still being answered; the kiosk got `admitted` before its join ack, ignored it, and sat in the lobby for good
  // (the server had it admitted, so the mediator never got its media). The server now holds a seat's notifications until its
  // join/resume ack has gone (handlers/context.ts). kioskLoadAndJoin also no longer lets waitForFunction take an async
  // predicate's promise for "true", which had hidden the stuck lobby behind a "joined" after 35 ms.
  it('1 Mbps link (125 kB/s each way, 100 ms latency, no cache): the kiosk loads, takes its lobby seat and, admitted by the waiting mediator, joins with its media reaching the mediator', async () => {
    const d = await enrolDeviceByApi(server.url, fx, '第二台');
    // "joined" = admitted with media flowing: the mediator is at their desk and admits the talk room the moment it arrives
    await admitOnArrival(mediator, `device-${d.deviceId}`);
    const own = await launchChromium(); // its own browser: nothing fetched by the other pages is reused
    const run = await kioskLoadAndJoin(own, server.url, d.stored);
    try {
      const assets = run.responses.filter((r) => new URL(r.url).pathname.startsWith('/assets/'));
      console.log(`[kiosk 1 Mbps] lobby seat ${run.seatMs} ms, admitted+connected ${run.joinedMs} ms, first remote frame ${run.firstFrameMs} ms, ${run.bytesLoaded} bytes (${assets.length} assets: ${assets.map((a) => `${path.basename(a.url)} ${a.bytes} ${a.encoding}`).join(', ')})`);
      expect(run.seatMs).toBeLessThanOrEqual(run.joinedMs); // seated (in the lobby) before admitted and joined
      // the whole kiosk came over the throttled link: the page, its entry script and the lazily loaded room chunk, each at least
      // as many bytes as the pre-compressed file the server has for it (the encoding Chromium was sent)
      const paths = assets.map((a) => new URL(a.url).pathname);
      expect(paths.some((p) => /^\/assets\/kiosk-[^/]+\.js$/.test(p))).toBe(true);
      expect(paths.some((p) => /^\/assets\/KioskRoom-[^/]+\.js$/.test(p))).toBe(true);
      expect(run.responses.some((r) => new URL(r.url).pathname === '/kiosk')).toBe(true);
      let onDisk = 0;
      for (const a of assets) {
        const file = path.join(root, 'web', 'dist', new URL(a.url).pathname) + (a.encoding === 'br' ? '.br' : a.encoding === 'gzip' ? '.gz' : '');
        const size = fs.statSync(file).size;
        expect(a.bytes, a.url).toBeGreaterThanOrEqual(size);
        onDisk += size;
      }
      expect(onDisk).toBeGreaterThan(50_000); // scripts, not just a page: the room chunk alone is mediasoup-client and socket.io
      expect(run.bytesLoaded).toBeGreaterThanOrEqual(onDisk);
      // a hang guard, not a budget: the kiosk's uplink is throttled to 1 Mbps and on a loaded machine the first
      // decodable frame can take a while (the budget lives in bench:kiosk)
      await eventually(async () => (await mediator.from(`device-${d.deviceId}`)).videoFrames > 0, 60_000, 'the mediator to decode the second kiosk', async () => ({
        inbound: await mediator.inbound(),
        peers: await mediator.peers(),
        kioskOut: await run.page.evaluate(() => globalThis.__shuoshi?.client?.outboundStats()),
      }));
    } finally {
      await own.close();
    }
  }, 180_000);
});
