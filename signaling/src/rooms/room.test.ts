import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import type { RtpParameters } from '@shuoshi/protocol';
import { AppError } from '../errors';
import { FakeMediaHost, FakeMediaSession, FakeLink } from './fake-media';
import { Room } from './room';
import { RoomRegistry } from './registry';

const log = pino({ level: 'silent' });
const GRACE = 20_000;


const video: RtpParameters = {
  codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }],
  encodings: [{ scaleResolutionDownBy: 4 }, { scaleResolutionDownBy: 2 }, { scaleResolutionDownBy: 1 }],
};
const audio: RtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }] };
const caps = { codecs: [] };

async function code(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).code;
  }
  throw new Error('expected an error');
}

describe('Room', () => {
  let media: FakeMediaSession;
  let room: Room;
  beforeEach(() => {
    media = new FakeMediaSession();
    room = new Room('r1', media, { graceMs: GRACE, log });
  });
  afterEach(() => vi.useRealTimers());

  async function seat(peerId: string, opts: { publish?: boolean; receive?: boolean } = {}) {
    const link = new FakeLink();
    const peer = room.join({ peerId, displayName: peerId, role: 'party', autoAdmit: true }, link);
    if (opts.publish) {
      const t = await room.wiring.createTransport(peer, 'send');
      await room.wiring.produce(peer, { transportId: t.transportId, kind: 'audio', source: 'microphone', rtpParameters: audio });
      await room.wiring.produce(peer, { transportId: t.transportId, kind: 'video', source: 'camera', rtpParameters: video, sourceHeight: 480 });
    }
    if (opts.receive) {
      await room.wiring.createTransport(peer, 'recv');
      await room.wiring.ready(peer, caps);
    }
    return { peer, link };
  }

  it('tells the others who joins and who leaves', async () => {
    const a = await seat('a');
    const b = await seat('b');
    expect(a.link.of('peerJoined').map((e) => e.peer.peerId)).toEqual(['b']);
    expect(room.view(b.peer).peers.map((p) => p.peerId)).toEqual(['a']);
    room.leave(b.peer);
    expect(a.link.of('peerLeft')).toEqual([{ peerId: 'b', reason: 'left' }]);
    expect(room.closed).toBe(false);
  });

  it('the same identity joining again replaces the old seat', async () => {
    const a = await seat('a', { publish: true });
    const b = await seat('b');
    const again = await seat('a');
    expect(a.link.released).toBe('replaced');
    expect(a.peer.closed).toBe(true);
    expect(room.peers.get('a')).toBe(again.peer);
    expect(b.link.of('peerLeft')).toEqual([{ peerId: 'a', reason: 'replaced' }]);
    expect([...media.producers.values()].every((p) => p.closed)).toBe(true);
  });

  it('keeps a dropped seat through the grace period and re-binds on resume', async () => {
    vi.useFakeTimers();
    const a = await seat('a', { publish: true, receive: true });
    const b = await seat('b', { publish: true, receive: true });
    room.linkLost(b.peer, b.link);
    expect(a.link.of('peerConnection')).toEqual([{ peerId: 'b', state: 'reconnecting' }]);
    expect(room.view(a.peer).peers[0]?.connection).toBe('reconnecting');

    vi.advanceTimersByTime(GRACE - 1);
    const link2 = new FakeLink();
    const resumed = room.resume('b', b.peer.sessionId, link2);
    expect(resumed).toBe(b.peer);
    expect(a.link.of('peerConnection').at(-1)).toEqual({ peerId: 'b', state: 'connected' });
    vi.advanceTimersByTime(GRACE * 2);
    expect(room.peers.get('b')).toBe(b.peer);
    expect(b.peer.consumers.size).toBe(2);
    expect(a.link.of('peerLeft')).toEqual([]);
  });

  it('removes the seat when the grace period runs out and tells the others', async () => {
    vi.useFakeTimers();
    const a = await seat('a', { publish: true, receive: true });
    const b = await seat('b', { publish: true, receive: true });
    room.linkLost(b.peer, b.link);
    vi.advanceTimersByTime(GRACE);
    expect(a.link.of('peerLeft')).toEqual([{ peerId: 'b', reason: 'timeout' }]);
    expect(a.link.of('consumerClosed')).toHaveLength(2);
    expect(a.peer.consumers.size).toBe(0);
    expect(await code(async () => room.resume('b', b.peer.sessionId, new FakeLink()))).toBe('SESSION_EXPIRED');
    // the last seat timing out closes the room
    room.linkLost(a.peer, a.link);
    vi.advanceTimersByTime(GRACE);
    expect(room.closed).toBe(true);
    expect(media.closed).toBe(true);
  });

  it('a late disconnect of a replaced socket does not start a grace timer', async () => {
    vi.useFakeTimers();
    const a = await seat('a');
    const b = await seat('b');
    const link2 = new FakeLink();
    room.resume('b', b.peer.sessionId, link2); // the new socket came before the old one was noticed dead
    expect(b.link.released).toBe('replaced');
    room.linkLost(b.peer, b.link);
    vi.advanceTimersByTime(GRACE * 2);
    expect(room.peers.has('b')).toBe(true);
    expect(a.link.of('peerConnection')).toEqual([]);
  });

  it('refuses to resume with another seat instance', async () => {
    const b = await seat('b');
    expect(await code(async () => room.resume('b', 'not-the-session', new FakeLink()))).toBe('SESSION_EXPIRED');
    expect(room.peers.get('b')).toBe(b.peer);
  });

  it('consumes existing producers on ready and new ones as they come, once each', async () => {
    const a = await seat('a', { publish: true });
    const b = await seat('b');
    await room.wiring.createTransport(b.peer, 'recv');
    const consumers = await room.wiring.ready(b.peer, caps);
    expect(consumers.map((c) => [c.peerId, c.source]).sort()).toEqual([
      ['a', 'camera'],
      ['a', 'microphone'],
    ]);
    const c = await seat('c', { publish: true });
    await vi.waitFor(() => expect(b.link.of('newConsumer')).toHaveLength(2));
    expect(b.link.of('newConsumer').every((n) => n.peerId === 'c')).toBe(true);
    expect(a.peer.consumers.size).toBe(0); // a never said ready
    expect(c.peer.consumers.size).toBe(0);
    expect(b.peer.consumers.size).toBe(4);
  });

  it('a producer that appears while ready runs is consumed exactly once', async () => {
    const a = await seat('a');
    const b = await seat('b');
    const sendT = await room.wiring.createTransport(a.peer, 'send');
    await room.wiring.createTransport(b.peer, 'recv');
    let open!: () => void;
    media.gate = new Promise((r) => (open = r));
    const producing = room.wiring.produce(a.peer, { transportId: sendT.transportId, kind: 'audio', source: 'microphone', rtpParameters: audio });
    const ready = room.wiring.ready(b.peer, caps);
    open();
    await producing;
    const fromReady = await ready;
    await vi.waitFor(() => expect(b.peer.consumers.size).toBe(1));
    expect(fromReady.length + b.link.of('newConsumer').length).toBe(1);
  });

  it('relays mute as consumerPaused / consumerResumed and closes consumers with their producer', async () => {
    const a = await seat('a', { publish: true });
    const b = await seat('b', { receive: true });
    const mic = [...a.peer.producers.values()].find((p) => p.source === 'microphone')!;
    await room.wiring.setProducerPaused(a.peer, mic.producer.id, true);
    expect(b.link.of('consumerPaused')).toEqual([expect.objectContaining({ peerId: 'a', source: 'microphone' })]);
    await room.wiring.setProducerPaused(a.peer, mic.producer.id, false);
    expect(b.link.of('consumerResumed')).toHaveLength(1);
    room.wiring.closeProducer(a.peer, mic.producer.id);
    expect(b.link.of('consumerClosed')).toHaveLength(1);
    expect(b.peer.consumers.size).toBe(1);
  });

  it('holds peers to their own transports, producers and consumers, and to their role', async () => {
    const a = await seat('a', { publish: true, receive: true });
    const b = await seat('b', { receive: true });
    const aSend = [...a.peer.transports].find(([, d]) => d === 'send')![0];
    const aProducer = [...a.peer.producers.keys()][0]!;
    expect(await code(room.wiring.connectTransport(b.peer, aSend, { fingerprints: [{ algorithm: 'sha-256', value: 'x' }] }))).toBe('NOT_FOUND');
    expect(await code(room.wiring.produce(b.peer, { transportId: aSend, kind: 'audio', source: 'microphone', rtpParameters: audio }))).toBe('NOT_FOUND');
    expect(await code(room.wiring.setProducerPaused(b.peer, aProducer, true))).toBe('NOT_FOUND');
    expect(await code(room.wiring.resumeConsumer(a.peer, [...b.peer.consumers.keys()][0]!))).toBe('NOT_FOUND');
    const bRecv = b.peer.recvTransportId!;
    expect(await code(room.wiring.produce(b.peer, { transportId: bRecv, kind: 'audio', source: 'microphone', rtpParameters: audio }))).toBe('BAD_REQUEST');
    const o = room.join({ peerId: 'o', displayName: 'o', role: 'observer', autoAdmit: true }, new FakeLink());
    expect(await code(room.wiring.createTransport(o, 'send'))).toBe('FORBIDDEN');
  });

  it('picks the simulcast layer from the rendered size', async () => {
    await seat('a', { publish: true });
    const b = await seat('b', { receive: true });
    const cam = [...b.peer.consumers.values()].find((c) => c.source === 'camera')!;
    expect(await room.wiring.setRenderedSize(b.peer, cam.consumer.id, 160, 120)).toBe(0);
    expect(await room.wiring.setRenderedSize(b.peer, cam.consumer.id, 320, 240)).toBe(1);
    expect(await room.wiring.setRenderedSize(b.peer, cam.consumer.id, 1280, 960)).toBe(2);
    expect(media.consumers.get(cam.consumer.id)?.preferred).toEqual({ spatialLayer: 2 });
  });

  it('maps active speaker producers to peers', async () => {
    const a = await seat('a', { publish: true });
    const b = await seat('b');
    const mic = [...a.peer.producers.values()].find((p) => p.source === 'microphone')!;
    media.speak(mic.producer.id);
    media.speak(null);
    expect(b.link.of('activeSpeaker')).toEqual([{ peerId: 'a' }, { peerId: null }]);
  });

  it('closes when its media session dies, ending every seat', async () => {
    const a = await seat('a');
    media.die();
    expect(room.closed).toBe(true);
    expect(a.link.released).toBe('closed');
    expect(await code(async () => room.join({ peerId: 'x', displayName: 'x', role: 'party', autoAdmit: true }, new FakeLink()))).toBe('ROOM_UNAVAILABLE');
  });
});

describe('RoomRegistry', () => {
  it('creates one room for concurrent first joins and forgets it when it closes', async () => {
    const host = new FakeMediaHost();
    const reg = new RoomRegistry(host, { graceMs: GRACE, log });
    const [r1, r2, r3] = await Promise.all([reg.getOrCreate('x'), reg.getOrCreate('x'), reg.getOrCreate('y')]);
    expect(r1).toBe(r2);
    expect(r3).not.toBe(r1);
    expect(host.opened).toBe(2);
    const p = r1.join({ peerId: 'a', displayName: 'a', role: 'party', autoAdmit: true }, new FakeLink());
    r1.leave(p);
    expect(r1.closed).toBe(true);
    expect(reg.get('x')).toBeUndefined();
    const again = await reg.getOrCreate('x');
    expect(again).not.toBe(r1);
    reg.close();
    expect(again.closed).toBe(true);
    expect(await code(reg.getOrCreate('z'))).toBe('ROOM_UNAVAILABLE');
  });

  it('answers ROOM_UNAVAILABLE when the media layer cannot host a room', async () => {
    const host = new FakeMediaHost();
    host.fail = true;
    const reg = new RoomRegistry(host, { graceMs: GRACE, log });
    expect(await code(reg.getOrCreate('x'))).toBe('ROOM_UNAVAILABLE');
    host.fail = false;
    expect((await reg.getOrCreate('x')).closed).toBe(false);
  });
});
