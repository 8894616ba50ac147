/*
 * Layers follow what is on screen (issue #16), in real Chromium against real mediasoup:
 * three parties send their cameras to a mediator. At 1280 × 800 every tile is in view and
 * every video flows at the layer nearest its tile. At 640 × 400 one remote tile is in view:
 * the SFU forwards that one and has paused the others (nothing of them is sent to the
 * mediator); scrolling another tile into view resumes it at once, at its tile's layer, and
 * pauses the one that left. What the SFU does is read from the consumers themselves
 * (paused, currentLayers, their outbound packet count), not from the page.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { Participant, eventually, launchChromium, mediaWindow } from './support/browser';

const ROOM = 'tiles-in-view-2026-0001';
const SHOTS = 'test-output/screenshots';
const SENDERS = ['peer-zhang', 'peer-li', 'peer-zhao'] as const;
let server: TestServer;
let browser: Browser;
let mediator: Participant;
const parties: Participant[] = [];

/** The layer nearest a tile of this height (device px) among 135p, 270p, 540p (signaling/src/rooms/layers.ts). */
const nearestLayer = (height: number) => [135, 270, 540].findIndex((h, i) => i === 2 || h * Math.SQRT2 >= height);

/** The mediator's video consumer of one sender, as the SFU has it. */
function atSfu(from: string) {
  const seat = server.rooms.get(ROOM)?.peers.get('peer-mediator');
  const owned = [...(seat?.consumers.values() ?? [])].find((c) => c.fromPeerId === from && c.consumer.kind === 'video');
  if (!seat || !owned) throw new Error(`no video consumer of ${from}`);
  return server.sfu.getRoom(ROOM)!.getPeerConsumer(seat.mediaKey, owned.consumer.id);
}
const sfuView = () => Object.fromEntries(SENDERS.map((id) => [id, { paused: atSfu(id).paused, current: atSfu(id).currentLayers?.spatialLayer ?? null, preferred: atSfu(id).preferredLayers?.spatialLayer ?? null }]));
const packetsSent = async (from: string) => (await atSfu(from).getStats()).filter((s) => s.type === 'outbound-rtp').reduce((n, s) => n + ((s as { packetCount?: number }).packetCount ?? 0), 0);

/** Each remote tile on the mediator's page: in view, or well out of it (beyond the half screen the page resumes ahead), and its height (device px = CSS px here). */
const tiles = () =>
  Promise.all(
    SENDERS.map(async (id) => {
      const r = (await mediator.page.locator(`figure[data-peer-id="${id}"] video`).boundingBox())!;
      const h = mediator.page.viewportSize()!.height;
      return { id, inView: r.y + r.height > 0 && r.y < h, farOut: r.y + r.height < -0.5 * h || r.y > 1.5 * h, height: Math.round(r.height) };
    }),
  );

/** The SFU forwards exactly the tiles in view and has paused those far out of it. */
async function sfuFollowsTheScreen(): Promise<boolean> {
  const seen = await tiles();
  return seen.every((t) => (t.inView ? !atSfu(t.id).paused && atSfu(t.id).currentLayers !== undefined : !t.farOut || atSfu(t.id).paused));
}

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  const url = async (peerId: string, name: string, role: 'mediator' | 'party') => `${server.url}/room/${ROOM}#token=${await server.token(ROOM, role, name, peerId)}`;
  mediator = await Participant.open(browser, 'mediator', await url('peer-mediator', '王调解员', 'mediator'));
  for (const [i, id] of SENDERS.entries()) parties.push(await Participant.open(browser, id, await url(id, ['张大爷', '李大妈', '赵村民'][i]!, 'party')));
  await Promise.all([mediator, ...parties].map((p) => p.waitForState('joined', 30_000)));
  await mediator.page.setViewportSize({ width: 1280, height: 800 });
  await eventually(async () => (await Promise.all(SENDERS.map((id) => mediator.from(id)))).every((g) => g.videoFrames > 0), 40_000, 'the mediator decodes all three');
}, 150_000);

afterAll(async () => {
  for (const p of [mediator, ...parties]) await p?.close();
  await browser?.close();
  await server?.stop();
});

describe('layers follow what is on screen', () => {
  it('at 1280 × 800 every tile is in view: every video flows, at the layer nearest its tile', { timeout: 60_000 }, async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await eventually(async () => (await tiles()).every((t) => t.inView), 10_000, 'all three tiles in view at 1280 × 800', tiles);
    await eventually(
      async () => (await tiles()).every((t) => !atSfu(t.id).paused && atSfu(t.id).preferredLayers?.spatialLayer === nearestLayer(t.height) && atSfu(t.id).currentLayers !== undefined),
      20_000,
      'all three flowing at the layer nearest their tiles',
      async () => ({ sfu: sfuView(), tiles: await tiles() }),
    );
    await mediator.page.screenshot({ path: `${SHOTS}/tiles-in-view-1280x800.png` });
  });

  it('at 640 × 400 only the tile in view is forwarded; scrolling another into view resumes it and pauses the one that left', { timeout: 120_000 }, async () => {
    const { page } = mediator;
    await page.setViewportSize({ width: 640, height: 400 });
    await page.evaluate('window.scrollTo(0, 0)');
    await page.locator(`figure[data-peer-id="${SENDERS[0]}"]`).scrollIntoViewIfNeeded();
    const seen = await tiles();
    expect(seen.filter((t) => t.inView).map((t) => t.id)).toEqual([SENDERS[0]]);
    expect(seen.filter((t) => t.farOut).length, JSON.stringify(seen)).toBeGreaterThanOrEqual(1);
    await eventually(sfuFollowsTheScreen, 15_000, 'the SFU to forward only the tile in view', async () => ({ sfu: sfuView(), tiles: await tiles() }));
    await page.screenshot({ path: `${SHOTS}/tiles-in-view-640x400.png` });

    // nothing of a paused tile crosses the mediator's downlink while the tile in view plays on
    const paused = (await tiles()).filter((t) => t.farOut).map((t) => t.id);
    const before = await Promise.all(paused.map(packetsSent));
    const framesBefore = await Promise.all(paused.map(async (id) => (await mediator.from(id)).videoFrames));
    await mediaWindow(async () => (await mediator.from(SENDERS[0])).videoFrames, 30, 'a second of the tile in view');
    expect(await Promise.all(paused.map(packetsSent))).toEqual(before);
    expect(await Promise.all(paused.map(async (id) => (await mediator.from(id)).videoFrames))).toEqual(framesBefore);

    // the last tile scrolled into view: forwarded again at its tile's layer, decoded at once; the first one, now out of view, paused
    const last = SENDERS[2];
    const framesOfLast = (await mediator.from(last)).videoFrames;
    await page.locator(`figure[data-peer-id="${last}"]`).scrollIntoViewIfNeeded();
    await eventually(async () => !atSfu(last).paused && atSfu(last).currentLayers !== undefined, 10_000, 'the tile scrolled into view forwarded', async () => sfuView());
    await eventually(async () => (await mediator.from(last)).videoFrames > framesOfLast + 5, 10_000, 'its video decoded again');
    const height = (await tiles()).find((t) => t.id === last)!.height;
    expect(atSfu(last).preferredLayers?.spatialLayer, `a ${height} px tile`).toBe(nearestLayer(height));
    await eventually(sfuFollowsTheScreen, 15_000, 'the SFU to follow the scroll', async () => ({ sfu: sfuView(), tiles: await tiles() }));
    if ((await tiles()).find((t) => t.id === SENDERS[0])!.farOut) expect(atSfu(SENDERS[0]).paused).toBe(true);
    await page.screenshot({ path: `${SHOTS}/tiles-in-view-640x400-scrolled.png` });
  });
});
