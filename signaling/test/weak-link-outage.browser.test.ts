/*
 * A 20 s outage of a villager's link (issue #16), in a network namespace of the test's
 * own: the mediator sees 网络中断 on the villager's tile from the media path (the socket
 * has not noticed yet); when the link returns, the villager's audio comes back and the
 * seat was kept. Skipped, with the reason printed, where the machine cannot shape a link.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { CHROMIUM_ARGS, Participant, eventually, launchChromium } from './support/browser';
import { VillageLink, shapingUnavailable } from './support/netns';

const unavailable = shapingUnavailable();
if (unavailable) console.warn(`[weak-link-outage] skipped: ${unavailable}`);

const ROOM = 'village-outage';
const OUTAGE_MS = 20_000;
const SHOTS = 'test-output/screenshots';
let link: VillageLink;
let server: TestServer;
let staffBrowser: Browser;
let villageBrowser: Browser;
let mediator: Participant;
let villager: Participant;

beforeAll(async () => {
  if (unavailable) return;
  ensureWebBuilt();
  link = VillageLink.create();
  server = await startTestServer({ env: { HOST: link.hostIp, MEDIASOUP_LISTEN_IP: link.hostIp, MEDIASOUP_ANNOUNCED_ADDRESS: link.hostIp, UPLINK_GUARD: 'on' } });
  const origin = server.url;
  [staffBrowser, villageBrowser] = await Promise.all([launchChromium([...CHROMIUM_ARGS, `--unsafely-treat-insecure-origin-as-secure=${origin}`]), link.launchChromium(origin)]);
  const url = async (name: string, role: 'mediator' | 'party') => `${origin}/room/${ROOM}#token=${await server.token(ROOM, role, name, `peer-${name}`, { talkRoom: '西村说事室' })}`;
  mediator = await Participant.open(staffBrowser, 'mediator', await url('mediator', 'mediator'));
  villager = await Participant.open(villageBrowser, 'villager', await url('villager', 'party'));
  await Promise.all([mediator.waitForState('joined'), villager.waitForState('joined')]);
  await eventually(async () => (await mediator.from('peer-villager')).videoFrames > 0 && (await villager.from('peer-mediator')).audioBytes > 0, 30_000, 'media both ways through the village link');
}, 120_000);

afterAll(async () => {
  await mediator?.close();
  await villager?.close();
  await staffBrowser?.close();
  await villageBrowser?.close();
  await server?.stop();
  link?.close();
});

describe.skipIf(Boolean(unavailable))('a 20 s outage of the village link', () => {
  it('shows 网络中断 to the others from the media path, brings audio back when the link returns, and keeps the seat', async () => {
    const seat = server.rooms.get(ROOM)!.peers.get('peer-villager')!;
    const tile = mediator.page.locator('figure[data-peer-id="peer-villager"] [data-testid="tile-interrupted"]');
    expect(await tile.count()).toBe(0);

    const downAt = Date.now();
    link.down();
    // shown while the link is still down (the time to show it, ~5 s, is measured by bench:weak-link --outage-only)
    await tile.waitFor({ state: 'visible', timeout: 15_000 });
    const shownAfterMs = Date.now() - downAt;
    expect(await tile.textContent()).toBe('网络中断');
    fs.mkdirSync(SHOTS, { recursive: true });
    await mediator.page.setViewportSize({ width: 1280, height: 800 });
    await mediator.page.locator('figure[data-peer-id="peer-villager"]').scrollIntoViewIfNeeded();
    await mediator.page.screenshot({ path: `${SHOTS}/weak-link-outage-mediator.png` });
    // the host's list of people says it next to the name too
    expect(await mediator.page.locator('[data-person="peer-villager"] [data-testid="person-link"]').textContent()).toBe('网络中断');

    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - downAt))));
    const before = (await mediator.from('peer-villager')).audioBytes;
    const heardBefore = (await villager.from('peer-mediator')).audioBytes;
    const restartsBefore = await villager.run(() => globalThis.__shuoshi!.client!.counters.iceRestarts);
    const upAt = Date.now();
    link.up();

    await eventually(async () => (await mediator.from('peer-villager')).audioBytes > before + 2_000, 20_000, 'the villager’s audio back at the mediator');
    const audioAfterMs = Date.now() - upAt;
    // and the other way: the villager hears the mediator again (the receiving path needs the server:
    // a fresh socket is opened as soon as the sending path is back, web/src/room/media-link.ts)
    await eventually(async () => (await villager.from('peer-mediator')).audioBytes > heardBefore + 2_000, 20_000, 'the mediator’s audio back at the villager');
    const heardAfterMs = Date.now() - upAt;

    await tile.waitFor({ state: 'detached', timeout: 10_000 });
    console.log(JSON.stringify({ test: 'weak-link-outage', outageMs: OUTAGE_MS, interruptedShownAfterMs: shownAfterMs, audioBackAfterMs: audioAfterMs, heardBackAfterMs: heardAfterMs, iceRestarts: (await villager.run(() => globalThis.__shuoshi!.client!.counters.iceRestarts)) - restartsBefore, villagerRejoins: await villager.run(() => globalThis.__shuoshi!.client!.counters.rejoins) }));

    // the seat was kept: the same seat instance, no rejoin, no lobby
    expect(server.rooms.get(ROOM)!.peers.get('peer-villager')).toBe(seat);
    expect(server.rooms.get(ROOM)!.lobby.size).toBe(0);
    await villager.waitForState('joined', 30_000);
  });
});
