/**
 * How the village kiosk reaches a village, in real Chromium against the real server:
 * /kiosk serves the kiosk page (pre-compressed assets), the accessibility probe the kiosk
 * tests rely on finds a known violation, and on a 1 Mbps link the kiosk loads the whole
 * of its code and joins (admitted by a mediator who is waiting for it). How long that
 * takes is `npm run bench:kiosk`'s figure (its 5 s budget), not this test's. The kiosk's
 * screens and flows are kiosk.browser.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Participant, eventually, launchChromium } from './support/browser';
import { admitOnArrival, axeViolations, enrolDeviceByApi, kioskLoadAndJoin, seedKioskFixture, type KioskFixture } from './support/kiosk';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';

const root = path.resolve(import.meta.dirname, '..', '..');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

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

describe(`village kiosk delivery in real Chromium (${process.env.DATABASE_URL ? 'postgres' : 'embedded'})`, () => {
  it('the accessibility check itself finds a known violation (so an empty list means something)', async () => {
    const probe = await browser.newPage();
    await probe.setContent('<html lang="zh-CN"><body><main><img src="data:,"><button></button></main></body></html>');
    const found = (await axeViolations(probe, axePath)).map((v) => v.id);
    await probe.close();
    expect(found).toEqual(expect.arrayContaining(['image-alt', 'button-name']));
  });

  it('serves kiosk.html on /kiosk and /kiosk/*, the app elsewhere, assets pre-compressed', async () => {
    for (const url of ['/kiosk', '/kiosk/anything']) expect(await (await fetch(`${server.url}${url}`)).text()).toContain('村居说事拉理室');
    const app = await (await fetch(`${server.url}/room/x`)).text();
    expect(app).not.toContain('村居说事拉理室');
    const script = /src="(\/assets\/kiosk-[^"]+\.js)"/.exec(await (await fetch(`${server.url}/kiosk`)).text())?.[1];
    expect(script).toBeDefined();
    const gz = await fetch(`${server.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
  });

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
      await eventually(async () => (await mediator.from(`device-${d.deviceId}`)).videoFrames > 0, 20_000, 'the mediator to decode the second kiosk');
    } finally {
      await own.close();
    }
  }, 90_000);
});
