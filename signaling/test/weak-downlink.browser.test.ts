/*
 * Receiver-side audio-only (issue #16): a villager whose DOWNLINK is 300 kbit/s (tc tbf on
 * the host's end of a veth pair into a network namespace of the test's own) receives three
 * senders (the mediator and two parties, on this host's network). The server holds back
 * video to the villager, lowest layers first, then all but the speaker's, then all, so the
 * voices of all three keep coming (concealment measured from the villager's getStats); the
 * villager's screen says so in words; when the limit is lifted the video comes back.
 * The mediator speaks (a louder tone than the parties', so the SFU's active speaker stays
 * the mediator and the test knows whose video is the last held back). The cameras show a
 * detailed, moving picture (a test pattern with noise), so each simulcast layer runs near
 * its cap as a real camera's does; Chromium's own fake camera is so simple that its three
 * lowest layers and the voices fit 300 kbit/s.
 * Skipped, with the reason printed, where the machine cannot shape a link.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, Participant, eventually, launchChromium } from './support/browser';
import { ensureWebBuilt } from './support/web-build';
import { shapingUnavailable, VillageLink } from './support/netns';
import { startTestServer, type TestServer } from './support/test-server';
import { audioReceipt, between, type AudioReceipt } from './support/village-room';

const unavailable = shapingUnavailable();
if (unavailable) console.warn(`[weak-downlink] skipped: ${unavailable}`);
const SHOTS = 'test-output/screenshots';
const ROOM = 'village-downlink';
const SENDERS = ['peer-mediator', 'peer-zhang', 'peer-li'] as const;

let link: VillageLink;
let server: TestServer;
const browsers: Browser[] = [];
const people: Participant[] = [];
let villager: Participant;

beforeAll(async () => {
  if (unavailable) return;
  ensureWebBuilt();
  link = VillageLink.create();
  server = await startTestServer({ env: { HOST: link.hostIp, MEDIASOUP_LISTEN_IP: link.hostIp, MEDIASOUP_ANNOUNCED_ADDRESS: link.hostIp, DOWNLINK_WEAK_KBPS: '400' } });
  const origin = server.url;
  const secure = `--unsafely-treat-insecure-origin-as-secure=${origin}`;
  const voice = (name: string, db: number) => {
    const file = path.resolve(`test-output/${name}.wav`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=${db > -20 ? 440 : 620}:duration=30`, '-af', `volume=${db}dB`, '-ar', '48000', '-ac', '1', file]);
    return `--use-file-for-fake-audio-capture=${file}`;
  };
  const camera = path.resolve('test-output/busy-camera.y4m');
  if (!fs.existsSync(camera)) {
    execFileSync('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x480:rate=15:duration=4,noise=alls=25:allf=t', '-pix_fmt', 'yuv420p', camera]);
  }
  const picture = `--use-file-for-fake-video-capture=${camera}`;
  browsers.push(
    ...(await Promise.all([
      launchChromium([...CHROMIUM_ARGS, secure, picture, voice('mediator-voice', -10)]),
      launchChromium([...CHROMIUM_ARGS, secure, picture, voice('party-voice', -35)]),
      link.launchChromium(origin),
    ])),
  );
  const url = async (peerId: string, name: string, role: 'mediator' | 'party') => `${origin}/room/${ROOM}#token=${await server.token(ROOM, role, name, peerId, { talkRoom: '西村说事室' })}`;
  people.push(await Participant.open(browsers[0]!, 'mediator', await url('peer-mediator', '王调解员', 'mediator')));
  people.push(await Participant.open(browsers[1]!, 'zhang', await url('peer-zhang', '张大爷', 'party')));
  people.push(await Participant.open(browsers[1]!, 'li', await url('peer-li', '李大妈', 'party')));
  villager = await Participant.open(browsers[2]!, 'villager', await url('peer-villager', '赵村民', 'party'));
  people.push(villager);
  await villager.page.setViewportSize({ width: 1024, height: 768 });
  await Promise.all(people.map((p) => p.waitForState('joined', 30_000)));
  await eventually(
    async () => {
      const got = await Promise.all(SENDERS.map((id) => villager.from(id)));
      return got.every((g) => g.videoFrames > 0 && g.audioBytes > 0);
    },
    40_000,
    'video and audio from all three senders at the villager',
  );
}, 150_000);

afterAll(async () => {
  for (const p of people) await p.close();
  for (const b of browsers) await b.close().catch(() => undefined);
  await server?.stop();
  link?.close();
});

const note = () => villager.page.locator('[data-testid="downlink-note"]');
const held = () => villager.run(() => (globalThis.__shuoshi?.client?.peers.list ?? []).filter((p) => p.videoHeld).map((p) => p.peerId));
const receipts = () => Promise.all(SENDERS.map((id) => audioReceipt(villager, id)));
const shot = async (name: string, width: number, height: number) => {
  await villager.page.setViewportSize({ width, height });
  await villager.page.screenshot({ path: `${SHOTS}/${name}.png` });
};

describe.skipIf(Boolean(unavailable))('a villager on a 300 kbit/s downlink receiving three senders', () => {
  it('keeps every voice while the server holds back video, is told so in words, and gets the video back when the link is lifted', { timeout: 420_000 }, async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    // a healthy link is never held back, however busy this machine is
    expect(await note().count()).toBe(0);
    expect(await held()).toEqual([]);

    const shapedAt = Date.now();
    link.shape({ downlinkKbit: 300 });
    await note().and(villager.page.locator('[data-downlink="speakerOnly"], [data-downlink="audioOnly"]')).waitFor({ state: 'visible', timeout: 150_000 }); // a hang guard: 11–88 s seen at load 15–24
    const heldAfterMs = Date.now() - shapedAt;
    expect(['网络较差，只显示正在说话的人，声音不受影响', '网络较差，画面已暂停，声音不受影响']).toContain(await note().textContent());
    await eventually(async () => (await held()).length >= 2, 15_000, 'the others’ video held back');
    // the parties' video is held before the speaker's (the mediator's is the last to go)
    expect(await held()).toEqual(expect.arrayContaining(['peer-li', 'peer-zhang']));
    const h0 = await receipts();
    await new Promise((r) => setTimeout(r, 6_000));
    const h1 = await receipts();
    const heldFps = SENDERS.map((id, i) => ({ from: id, fps: between(h0[i]!, h1[i]!, 6).videoFps }));
    expect(heldFps.filter((v) => v.from !== 'peer-mediator').every((v) => v.fps < 1), JSON.stringify(heldFps)).toBe(true);
    await villager.page.locator('[data-held="link"]').first().waitFor({ state: 'visible', timeout: 5_000 });
    expect(await villager.page.locator('[data-held="link"]').first().textContent()).toBe('画面已暂停');
    await shot('weak-downlink-room-kiosk-size', 1024, 768);
    await shot('weak-downlink-room-phone', 390, 844);
    await villager.page.setViewportSize({ width: 1024, height: 768 });

    // 20 s of the conversation on the held-back link (a trial step up may come and go in it): every voice keeps coming
    const a: AudioReceipt[] = h1;
    await new Promise((r) => setTimeout(r, 20_000));
    const b: AudioReceipt[] = await receipts();
    const voices = SENDERS.map((id, i) => ({ from: id, ...between(a[i]!, b[i]!, 20) }));
    const stillHeld = await held();
    console.log(JSON.stringify({ test: 'weak-downlink', condition: 'downlink 300kbit, 3 senders', heldAfterMs, held: stillHeld, voices }));
    for (const v of voices) {
      expect(v.concealedPct, `${v.from}'s voice decoded`).not.toBeNull();
      // a voice cut for the sake of video would be concealed (near) all the time; the figure itself (a few %
      // on a quiet machine) is printed above: a busy CPU conceals more, which is not what this test is about
      expect(v.concealedPct!, `${v.from}'s voice concealed`).toBeLessThan(25);
    }

    const liftedAt = Date.now();
    link.shape({});
    const frames = await Promise.all(SENDERS.map(async (id) => (await villager.from(id)).videoFrames));
    await eventually(
      async () => (await Promise.all(SENDERS.map((id) => villager.from(id)))).every((g, i) => g.videoFrames > frames[i]! + 10),
      180_000, // a hang guard: after quick fall-backs the server waits up to 2 min before trying video again (no flapping)
      'video from all three senders again',
      held,
    );
    const videoBackAfterMs = Date.now() - liftedAt;
    expect(await held()).toEqual([]);
    await shot('weak-downlink-room-recovered', 1024, 768);
    console.log(JSON.stringify({ test: 'weak-downlink', videoBackAfterMs }));
  });
});
