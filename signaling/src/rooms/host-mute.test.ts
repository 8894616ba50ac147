import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { RtpParameters } from '@shuoshi/protocol';
import { AppError } from '../errors';
import { FakeMediaSession, FakeLink } from './fake-media';
import { Room } from './room';

const log = pino({ level: 'silent' });
const audio: RtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }] };


describe('Room hard mute', () => {
  it('pauses the track, refuses the peer its own unmute until the host allows it, and survives a reload', async () => {
    const room = new Room('r1', new FakeMediaSession(), { graceMs: 1000, log });
    const hostLink = new FakeLink();
    room.join({ peerId: 'host', displayName: 'host', role: 'mediator' }, hostLink);
    const seat = async () => {
      const peer = room.join({ peerId: 'p1', displayName: 'p1', role: 'party', autoAdmit: true }, new FakeLink());
      const t = await room.wiring.createTransport(peer, 'send');
      const producerId = await room.wiring.produce(peer, { transportId: t.transportId, kind: 'audio', source: 'microphone', rtpParameters: audio });
      return { peer, producerId };
    };
    let { peer, producerId } = await seat();
    await room.host.mute('p1', 'microphone', true);
    expect(peer.producers.get(producerId)!.producer.paused).toBe(true);
    expect(hostLink.events.at(-1)).toEqual({ name: 'hostMuted', payload: { peerId: 'p1', source: 'microphone', muted: true } });
    const refused = await room.wiring.setProducerPaused(peer, producerId, false).catch((e: AppError) => e.code);
    expect(refused).toBe('MUTED_BY_HOST');

    // a reload does not lift it: the new microphone starts paused
    ({ peer, producerId } = await seat());
    expect(peer.producers.get(producerId)!.producer.paused).toBe(true);
    expect(await room.wiring.setProducerPaused(peer, producerId, false).catch((e: AppError) => e.code)).toBe('MUTED_BY_HOST');

    await room.host.mute('p1', 'microphone', false);
    await room.wiring.setProducerPaused(peer, producerId, false);
    expect(peer.producers.get(producerId)!.producer.paused).toBe(false);
  });

  it("stops a camera without touching the microphone; a host mute of someone absent is NOT_FOUND", async () => {
    const room = new Room('r1', new FakeMediaSession(), { graceMs: 1000, log });
    const peer = room.join({ peerId: 'p1', displayName: 'p1', role: 'party', autoAdmit: true }, new FakeLink());
    const t = await room.wiring.createTransport(peer, 'send');
    const mic = await room.wiring.produce(peer, { transportId: t.transportId, kind: 'audio', source: 'microphone', rtpParameters: audio });
    const video: RtpParameters = { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }] };
    const cam = await room.wiring.produce(peer, { transportId: t.transportId, kind: 'video', source: 'camera', rtpParameters: video });
    await room.host.mute('p1', 'camera', true);
    expect(peer.producers.get(cam)!.producer.paused).toBe(true);
    expect(peer.producers.get(mic)!.producer.paused).toBe(false);
    expect(await room.wiring.setProducerPaused(peer, cam, false).catch((e: AppError) => e.code)).toBe('MUTED_BY_HOST');
    expect(await room.host.mute('nobody', 'camera', true).catch((e: AppError) => e.code)).toBe('NOT_FOUND');
  });
});
