import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { Participant, eventually, launchChromium, mediaWindow } from './support/browser';
import { addStyleRules } from './support/inject';

/**
 * Three participants in three browser contexts of real Chromium (fake camera and
 * microphone), against the real server with a real mediasoup worker.
 */
const ROOM = 'case-2026-0001';
let server: TestServer;
let browser: Browser;
const people: Record<'mediator' | 'villager' | 'lawyer', Participant> = {} as never;
const ids: Record<string, string> = {};

async function everyoneReceivesEveryone(names: Array<keyof typeof people>) {
  for (const a of names) {
    for (const b of names) {
      if (a === b) continue;
      await eventually(
        async () => {
          const got = await people[a].from(ids[b]!);
          return got.videoFrames > 0 && got.audioBytes > 0;
        },
        20_000,
        `${a} to decode ${b}'s video and receive ${b}'s audio`,
      );
    }
  }
}

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  const join = async (name: keyof typeof people, role: 'mediator' | 'party' | 'lawyer', displayName: string) => {
    const token = await server.token(ROOM, role, displayName, `peer-${name}`);
    people[name] = await Participant.open(browser, name, `${server.url}/room/${ROOM}#token=${token}`);
    ids[name] = `peer-${name}`;
  };
  await join('mediator', 'mediator', '李调解员');
  await join('villager', 'party', '王大爷');
  await join('lawyer', 'lawyer', '陈律师');
  for (const p of Object.values(people)) await p.waitForState('joined');
});

afterAll(async () => {
  for (const p of Object.values(people)) await p?.close();
  await browser?.close();
  await server?.stop();
});

describe('a live room in real Chromium', () => {
  it('three participants each decode the other two (video frames, audio bytes)', async () => {
    await everyoneReceivesEveryone(['mediator', 'villager', 'lawyer']);
    // the camera goes out as simulcast: three encodings, each of them sending
    await eventually(
      async () => {
        const out = await people.mediator.run(() => globalThis.__shuoshi!.client!.outboundStats());
        const camera = out.filter((o) => o.source === 'camera');
        return camera.length === 3 && camera.every((o) => o.bytesSent > 0);
      },
      20_000,
      'three simulcast layers sending',
    );
    // the page shows a tile per remote peer
    expect(await people.villager.page.locator('figure[data-peer-id]').count()).toBe(2);
  });

  it('receivers get the simulcast layer that fits the size they show a video at', async () => {
    const { villager, mediator } = people;
    // what the sender is sending now, what the SFU was asked to forward, what arrives
    const layers = async () => {
      const out = await mediator.run(() => globalThis.__shuoshi!.client!.outboundStats());
      const seat = server.rooms.get(ROOM)?.peers.get(ids.villager!);
      const video = [...(seat?.consumers.values() ?? [])].find((c) => c.source === 'camera');
      const consumer = video && seat ? server.sfu.getRoom(ROOM)?.getPeerConsumer(seat.mediaKey, video.consumer.id) : undefined;
      return {
        sentTop: Math.max(0, ...out.filter((o) => o.source === 'camera').map((o) => o.frameHeight)),
        preferred: consumer?.preferredLayers?.spatialLayer,
        received: (await villager.inbound()).find((x) => x.peerId === ids.mediator && x.kind === 'video')?.frameHeight ?? 0,
      };
    };
    // tiles of 300 × 225 px: the middle layer (480 × 270) covers them
    const removeMedium = await addStyleRules(villager.page, '.tiles { grid-template-columns: repeat(3, 300px) !important; }');
    await eventually(
      async () => {
        const l = await layers();
        return l.preferred === 1 && l.received === Math.min(270, l.sentTop);
      },
      20_000,
      'the middle layer at a 225 px tile',
      layers,
    );
    // one big tile (~960 × 720 px): the top layer, as far as the sender sends it
    // (a sender short of CPU or uplink drops its top encoding by itself)
    await removeMedium();
    const removeBig = await addStyleRules(villager.page, '.tiles { grid-template-columns: 1fr !important; }');
    // one column: the mediator's tile is below the villager's own, out of view (and so paused): scroll to it
    await villager.page.locator(`figure[data-peer-id="${ids.mediator}"]`).scrollIntoViewIfNeeded();
    await eventually(
      async () => {
        const l = await layers();
        return l.preferred === 2 && l.received > 270 - 1 && l.received === l.sentTop;
      },
      30_000,
      'the best layer the sender sends at a big tile',
      layers,
    );
    await removeBig();
  });

  it('the audio-level observer names an active speaker', async () => {
    // Chromium's fake microphone beeps: someone is always the loudest now and then
    await eventually(
      async () => (await Promise.all(Object.values(people).map((p) => p.run(() => globalThis.__shuoshi!.client!.activeSpeaker)))).some((s) => s !== null),
      15_000,
      'an activeSpeaker event',
    );
  });

  it('muting a microphone stops the others receiving it; unmuting resumes', async () => {
    const { villager, mediator, lawyer } = people;
    await villager.run(() => globalThis.__shuoshi!.client!.setMicrophoneMuted(true));
    await eventually(async () => (await mediator.peers()).find((p) => p.peerId === ids.villager)?.micMuted === true, 20_000, 'mute to show');
    // the villager's video, sent after the mute, is the clock: audio in flight has landed, then a second of video passes
    const video = async () => Math.min(...(await Promise.all([mediator.from(ids.villager!), lawyer.from(ids.villager!)])).map((s) => s.videoFrames));
    await mediaWindow(video, 10, 'video sent after the mute');
    const before = await Promise.all([mediator.from(ids.villager!), lawyer.from(ids.villager!)]);
    await mediaWindow(video, 30, "a second of the villager's video");
    const after = await Promise.all([mediator.from(ids.villager!), lawyer.from(ids.villager!)]);
    expect(after.map((s) => s.audioBytes)).toEqual(before.map((s) => s.audioBytes));
    expect(after[0]!.videoFrames).toBeGreaterThan(before[0]!.videoFrames); // video still flows

    await villager.run(() => globalThis.__shuoshi!.client!.setMicrophoneMuted(false));
    await eventually(
      async () => {
        const now = await Promise.all([mediator.from(ids.villager!), lawyer.from(ids.villager!)]);
        return now.every((s, i) => s.audioBytes > after[i]!.audioBytes);
      },
      5_000,
      'audio to flow again',
    );
  });

  it('a dropped socket reconnects within the grace period: same seat, media both ways', async () => {
    const { villager, mediator, lawyer } = people;
    const peerIdBefore = await villager.peerId();
    await villager.run(() => globalThis.__shuoshi!.client!.dropSocket(2_000));
    await eventually(async () => (await mediator.peers()).find((p) => p.peerId === ids.villager)?.connection === 'reconnecting', 20_000, 'others to see reconnecting');
    expect(await villager.state()).toBe('reconnecting');
    // muted while offline: the server learns it on resume
    await villager.run(() => globalThis.__shuoshi!.client!.setMicrophoneMuted(true));
    await villager.waitForState('joined', 15_000);
    await eventually(async () => (await mediator.peers()).find((p) => p.peerId === ids.villager)?.micMuted === true, 20_000, 'the offline mute to reach the others');
    await villager.run(() => globalThis.__shuoshi!.client!.setMicrophoneMuted(false));
    const counters = await villager.run(() => globalThis.__shuoshi!.client!.counters);
    expect(counters).toMatchObject({ resumes: 1, rejoins: 0 });
    // only the socket dropped: the media path stayed up, and restarting its ICE would only have cut it
    expect(counters.iceRestarts).toBe(0);
    expect(await villager.peerId()).toBe(peerIdBefore);
    await eventually(async () => (await mediator.peers()).find((p) => p.peerId === ids.villager)?.connection === 'connected', 20_000, 'connected again');

    // media flows both ways after the resume
    const snap = async () => ({
      toVillager: await Promise.all([villager.from(ids.mediator!), villager.from(ids.lawyer!)]),
      fromVillager: await Promise.all([mediator.from(ids.villager!), lawyer.from(ids.villager!)]),
    });
    const a = await snap();
    await eventually(
      async () => {
        const b = await snap();
        const grew = (x: { videoFrames: number; audioBytes: number }, y: { videoFrames: number; audioBytes: number }) =>
          y.videoFrames > x.videoFrames && y.audioBytes > x.audioBytes;
        return b.toVillager.every((s, i) => grew(a.toVillager[i]!, s)) && b.fromVillager.every((s, i) => grew(a.fromVillager[i]!, s));
      },
      10_000,
      'media to flow both ways after the reconnect',
    );
    // nobody saw the villager leave
    expect((await lawyer.peers()).map((p) => p.peerId).sort()).toEqual([ids.mediator, ids.villager].sort());
  });

  it('malformed and unauthorised messages get error acks; the room carries on', async () => {
    const rogue: Socket = io(server.url, { transports: ['websocket'] });
    await new Promise((r) => rogue.on('connect', () => r(undefined)));
    const ask = (event: string, ...args: unknown[]) => rogue.timeout(5_000).emitWithAck(event, ...args);
    expect(await ask('join', { token: 'forged.token.value' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await ask('join', { token: 42 })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ask('join', 'not an object')).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await ask('produce', { transportId: 'x', kind: 'video', source: 'camera', rtpParameters: { codecs: [] } })).toMatchObject({
      ok: false,
      error: { code: 'BAD_REQUEST' },
    });
    expect(await ask('pauseProducer', { producerId: 'whatever' })).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
    expect(await ask('kickEveryone', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REQUEST' } });
    rogue.emit('join', { token: 'no ack at all' });

    // a real seat cannot touch others' media
    const token = await server.token(ROOM, 'observer', '旁听者', 'peer-observer');
    const seat = await ask('join', { token });
    expect(seat).toMatchObject({ ok: true, role: 'observer' });
    const someoneElses = seat.peers[0].producers[0].producerId as string;
    expect(await ask('closeProducer', { producerId: someoneElses })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await ask('createTransport', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await ask('connectTransport', { transportId: 'nope', dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AB' }] } })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await ask('leave', {})).toEqual({ ok: true });
    rogue.close();

    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBe(200);
    await everyoneReceivesEveryone(['mediator', 'villager', 'lawyer']);
  });

  it('leaving removes the peer from the others’ views', async () => {
    const { lawyer, mediator, villager } = people;
    await lawyer.run(() => globalThis.__shuoshi!.client!.leave());
    for (const p of [mediator, villager]) {
      await eventually(async () => !(await p.peers()).some((x) => x.peerId === ids.lawyer), 20_000, 'the lawyer to disappear');
      await expect.poll(() => p.page.locator(`figure[data-peer-id="${ids.lawyer}"]`).count()).toBe(0);
    }
    expect(await lawyer.state()).toBe('left');
  });

  it('without a token, the room page mints nothing: it says where a join pass comes from and asks the server for no token', async () => {
    const guest = await Participant.open(browser, 'guest', `${server.url}/room/${ROOM}`);
    const asked: string[] = [];
    guest.page.on('request', (r) => {
      if (r.url().includes('/api/')) asked.push(new URL(r.url()).pathname);
    });
    try {
      await expect.poll(() => guest.page.getByRole('heading', { name: '此链接没有入场凭证' }).isVisible(), { timeout: 20_000 }).toBe(true);
      await expect(guest.page.getByRole('link', { name: /邀请码/ }).getAttribute('href')).resolves.toBe('/join');
      // no name-and-role form any more: nothing on this page can take a seat
      expect(await guest.page.getByLabel('您的姓名').count()).toBe(0);
      expect(await guest.page.getByRole('button', { name: '加入' }).count()).toBe(0);
      expect(asked).toEqual([]);
      expect(await people.mediator.peers()).not.toContainEqual(expect.objectContaining({ displayName: '张大姐' }));
    } finally {
      await guest.close();
    }
  });
});
