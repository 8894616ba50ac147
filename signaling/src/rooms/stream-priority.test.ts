import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { RtpParameters } from '@shuoshi/protocol';
import { FakeConsumer, FakeLink, FakeMediaSession } from './fake-media';
import { Room } from './room';
import { OTHER_VIDEO_PRIORITY, SPEAKER_VIDEO_PRIORITY } from './stream-priority';

const log = pino({ level: 'silent' });
const video: RtpParameters = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }],
  encodings: [{ scaleResolutionDownBy: 4 }, { scaleResolutionDownBy: 2 }, { scaleResolutionDownBy: 1 }],
};
const audio: RtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }] };

/** Three senders and one receiver: the receiver's video consumers follow the active speaker. */
async function roomOfFour() {
  const media = new FakeMediaSession();
  const room = new Room('r-prio', media, { graceMs: 20_000, log });
  const mics: Record<string, string> = {};
  for (const id of ['a', 'b', 'c']) {
    const peer = room.join({ peerId: id, displayName: id, role: 'party', autoAdmit: true }, new FakeLink());
    const t = await room.wiring.createTransport(peer, 'send');
    mics[id] = await room.wiring.produce(peer, { transportId: t.transportId, kind: 'audio', source: 'microphone', rtpParameters: audio });
    await room.wiring.produce(peer, { transportId: t.transportId, kind: 'video', source: 'camera', rtpParameters: video, sourceHeight: 480 });
  }
  const viewer = room.join({ peerId: 'viewer', displayName: 'viewer', role: 'mediator' }, new FakeLink());
  await room.wiring.createTransport(viewer, 'recv');
  await room.wiring.ready(viewer, { codecs: [] });
  /** The priority of the viewer's consumer of `from`'s `kind`. */
  const priority = (from: string, kind: 'audio' | 'video') => {
    const owned = [...viewer.consumers.values()].find((c) => c.fromPeerId === from && c.consumer.kind === kind)!;
    return (owned.consumer as FakeConsumer).priority;
  };
  return { media, room, mics, viewer, priority };
}

describe('receive priorities follow the active speaker', () => {
  it('gives the speaker’s camera the larger share, and takes it back when someone else speaks', async () => {
    const { media, mics, priority } = await roomOfFour();
    expect(['a', 'b', 'c'].map((p) => priority(p, 'video'))).toEqual([1, 1, 1].map(() => OTHER_VIDEO_PRIORITY));
    media.speak(mics['b']!);
    await Promise.resolve();
    expect(['a', 'b', 'c'].map((p) => priority(p, 'video'))).toEqual([OTHER_VIDEO_PRIORITY, SPEAKER_VIDEO_PRIORITY, OTHER_VIDEO_PRIORITY]);
    media.speak(mics['c']!);
    await Promise.resolve();
    expect(['a', 'b', 'c'].map((p) => priority(p, 'video'))).toEqual([OTHER_VIDEO_PRIORITY, OTHER_VIDEO_PRIORITY, SPEAKER_VIDEO_PRIORITY]);
    // silence keeps the last speaker first
    media.speak(null);
    await Promise.resolve();
    expect(priority('c', 'video')).toBe(SPEAKER_VIDEO_PRIORITY);
    // audio is not in the sharing at all (mediasoup forwards it whatever the estimate): left alone
    expect(['a', 'b', 'c'].map((p) => priority(p, 'audio'))).toEqual([1, 1, 1]);
  });

  it('a receiver that arrives after the speaker spoke gets the speaker’s camera first too', async () => {
    const { media, room, mics } = await roomOfFour();
    media.speak(mics['a']!);
    const late = room.join({ peerId: 'late', displayName: 'late', role: 'party', autoAdmit: true }, new FakeLink());
    await room.wiring.createTransport(late, 'recv');
    await room.wiring.ready(late, { codecs: [] });
    const prio = (from: string) => ([...late.consumers.values()].find((c) => c.fromPeerId === from && c.consumer.kind === 'video')!.consumer as FakeConsumer).priority;
    expect([prio('a'), prio('b')]).toEqual([SPEAKER_VIDEO_PRIORITY, OTHER_VIDEO_PRIORITY]);
  });
});
