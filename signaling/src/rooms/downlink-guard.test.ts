import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { RtpParameters } from '@shuoshi/protocol';
import { FakeConsumer, FakeLink, FakeMediaSession } from './fake-media';
import { Room } from './room';
import { DownlinkGuard } from './downlink-guard';

const log = pino({ level: 'silent' });
const video: RtpParameters = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }],
  encodings: [{ scaleResolutionDownBy: 4 }, { scaleResolutionDownBy: 2 }, { scaleResolutionDownBy: 1 }],
};
const audio: RtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }] };
const WEAK = { availableBps: 250_000, loss: 0.1, minScore: 5 };
const GOOD = { availableBps: 250_000, loss: 0, minScore: 10 };

/** Three senders into one receiver whose downlink the test sets; a guard on a clock of the test's own. */
async function villageReceiver() {
  const media = new FakeMediaSession();
  const room = new Room('r-downlink', media, { graceMs: 20_000, log });
  const mics: Record<string, string> = {};
  for (const id of ['a', 'b', 'c']) {
    const peer = room.join({ peerId: id, displayName: id, role: 'party', autoAdmit: true }, new FakeLink());
    const t = await room.wiring.createTransport(peer, 'send');
    mics[id] = await room.wiring.produce(peer, { transportId: t.transportId, kind: 'audio', source: 'microphone', rtpParameters: audio });
    await room.wiring.produce(peer, { transportId: t.transportId, kind: 'video', source: 'camera', rtpParameters: video, sourceHeight: 480 });
  }
  const link = new FakeLink();
  const viewer = room.join({ peerId: 'viewer', displayName: 'viewer', role: 'mediator' }, link);
  await room.wiring.createTransport(viewer, 'recv');
  await room.wiring.ready(viewer, { codecs: [] });
  for (const id of viewer.consumers.keys()) await room.wiring.resumeConsumer(viewer, id);
  for (const [id, c] of viewer.consumers) if (c.consumer.kind === 'video') await room.wiring.setRenderedSize(viewer, id, 640, 480);
  let now = 0;
  const guard = new DownlinkGuard({ seats: () => room.peers.values(), media, speakerId: () => room.wiring.speaker, ordered: (id) => room.audioOnly.isOn(id), now: () => now }, { weakKbps: 400, weakLoss: 0.03, weakSeconds: 4, goodSeconds: 10 });
  const seconds = async (n: number, sample: typeof WEAK) => {
    media.downlink.set(viewer.mediaKey, sample);
    for (let i = 0; i < n; i++) {
      now += 1000;
      await guard.poll();
    }
  };
  const consumer = (from: string, kind: 'audio' | 'video') => [...viewer.consumers.values()].find((c) => c.fromPeerId === from && c.consumer.kind === kind)!.consumer as FakeConsumer;
  const flowing = (kind: 'audio' | 'video') => ['a', 'b', 'c'].filter((p) => !consumer(p, kind).paused);
  const told = () => link.events.filter((e) => e.name === 'downlink').map((e) => e.payload);
  return { media, room, mics, viewer, seconds, consumer, flowing, told };
}

describe('receiver-side audio-only (DownlinkGuard)', () => {
  it('holds back video lowest layers first, then all but the speaker, then all; audio always flows; the receiver is told', async () => {
    const { media, mics, seconds, consumer, flowing, told } = await villageReceiver();
    media.speak(mics['b']!);
    await Promise.resolve();
    expect(consumer('a', 'video').preferred).toEqual({ spatialLayer: 2 });

    await seconds(8, WEAK);
    expect(['a', 'b', 'c'].map((p) => consumer(p, 'video').preferred?.spatialLayer)).toEqual([0, 0, 0]);
    expect(flowing('video')).toEqual(['a', 'b', 'c']);
    expect(told()).toEqual([{ mode: 'lowest', heldPeerIds: [], byHost: false }]);

    await seconds(8, WEAK);
    expect(flowing('video')).toEqual(['b']); // the speaker's video last
    expect(told().at(-1)).toEqual({ mode: 'speaker', heldPeerIds: ['a', 'c'], byHost: false });

    await seconds(8, WEAK);
    expect(flowing('video')).toEqual([]);
    expect(flowing('audio')).toEqual(['a', 'b', 'c']);
    expect(told().at(-1)).toEqual({ mode: 'audioOnly', heldPeerIds: ['a', 'b', 'c'], byHost: false });
  });

  it('a held video stays paused when the client resumes it or asks for a bigger layer, and flows again when the link recovers', async () => {
    const { room, viewer, seconds, consumer, flowing, told } = await villageReceiver();
    await seconds(24, WEAK);
    const [id] = [...viewer.consumers].find(([, c]) => c.fromPeerId === 'a' && c.consumer.kind === 'video')!;
    await room.wiring.resumeConsumer(viewer, id); // a reload of the page resumes everything it gets
    expect(consumer('a', 'video').paused).toBe(true);
    expect(await room.wiring.setRenderedSize(viewer, id, 1280, 960)).toBe(0);

    await seconds(30, GOOD);
    expect(flowing('video')).toEqual(['a', 'b', 'c']);
    expect(consumer('a', 'video').preferred).toEqual({ spatialLayer: 2 }); // the layer its tile asked for
    expect(told().at(-1)).toEqual({ mode: 'full', heldPeerIds: [], byHost: false });
  });

  it('a video the client never resumed is not resumed by the end of a hold', async () => {
    const { room, viewer, seconds, consumer } = await villageReceiver();
    const late = room.join({ peerId: 'd', displayName: 'd', role: 'party', autoAdmit: true }, new FakeLink());
    const t = await room.wiring.createTransport(late, 'send');
    await room.wiring.produce(late, { transportId: t.transportId, kind: 'video', source: 'camera', rtpParameters: video, sourceHeight: 480 });
    await new Promise((r) => setTimeout(r, 0));
    await seconds(24, WEAK);
    await seconds(30, GOOD);
    const d = [...viewer.consumers.values()].find((c) => c.fromPeerId === 'd')!.consumer as FakeConsumer;
    expect(d.paused).toBe(true);
    expect(consumer('a', 'video').paused).toBe(false);
  });

  it('a healthy receiver is never told anything', async () => {
    const { seconds, flowing, told } = await villageReceiver();
    await seconds(30, { availableBps: 150_000, loss: 0, minScore: 10 }); // a busy CPU: low estimate, no loss
    expect(told()).toEqual([]);
    expect(flowing('video')).toEqual(['a', 'b', 'c']);
  });
});
