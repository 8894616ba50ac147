import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { RtpParameters } from '@shuoshi/protocol';
import { FakeConsumer, FakeLink, FakeMediaSession, FakeProducer } from './fake-media';
import { Room } from './room';

const log = pino({ level: 'silent' });
const video: RtpParameters = { codecs: [{ mimeType: 'video/VP8', payloadType: 96, clockRate: 90000 }], encodings: [{ scaleResolutionDownBy: 2 }, { scaleResolutionDownBy: 1 }] };

async function room() {
  const media = new FakeMediaSession();
  const r = new Room('r-audio-only', media, { graceMs: 20_000, log });
  const links: Record<string, FakeLink> = {};
  const cams: Record<string, string> = {};
  for (const id of ['host', 'a', 'b']) {
    links[id] = new FakeLink();
    const peer = r.join({ peerId: id, displayName: id, role: id === 'host' ? 'mediator' : 'party', autoAdmit: true }, links[id]);
    const send = await r.wiring.createTransport(peer, 'send');
    cams[id] = await r.wiring.produce(peer, { transportId: send.transportId, kind: 'video', source: 'camera', rtpParameters: video, sourceHeight: 480 });
  }
  for (const peer of r.peers.values()) {
    await r.wiring.createTransport(peer, 'recv');
    await r.wiring.ready(peer, { codecs: [] });
    for (const id of peer.consumers.keys()) await r.wiring.resumeConsumer(peer, id);
  }
  const cam = (id: string) => media.producers.get(cams[id]!) as FakeProducer;
  const receives = (id: string) => [...r.peers.get(id)!.consumers.values()].filter((c) => !(c.consumer as FakeConsumer).paused && !c.consumer.producerPaused).map((c) => c.fromPeerId).sort();
  const heard = (id: string, name: string) => links[id]!.events.filter((e) => e.name === name).map((e) => e.payload);
  return { r, cam, receives, heard };
}

describe('the host’s audio-only switch', () => {
  it('one person: receives no video, their camera is paused and their own resume refused; everyone hears who; lifting gives it back', async () => {
    const { r, cam, receives, heard } = await room();
    await r.audioOnly.set('a', true);
    expect(receives('a')).toEqual([]);
    expect(receives('b')).toEqual(['host']); // a's camera is paused at the producer
    expect(cam('a').paused).toBe(true);
    await expect(r.wiring.setProducerPaused(r.peers.get('a')!, cam('a').id, false)).rejects.toMatchObject({ code: 'MUTED_BY_HOST' });
    expect(heard('a', 'downlink').at(-1)).toEqual({ mode: 'audioOnly', heldPeerIds: ['b', 'host'], byHost: true });
    expect(heard('b', 'audioOnly').at(-1)).toEqual({ wholeRoom: false, peerIds: ['a'] });

    await r.audioOnly.set('a', false);
    expect(receives('a')).toEqual(['b', 'host']);
    expect(heard('a', 'downlink').at(-1)).toEqual({ mode: 'full', heldPeerIds: [], byHost: false });
    await r.wiring.setProducerPaused(r.peers.get('a')!, cam('a').id, false); // the client turns its camera back on
    expect(cam('a').paused).toBe(false);
  });

  it('the whole room: everyone, a newcomer too, unless lifted for one person; and an unknown person is NOT_FOUND', async () => {
    const { r, receives } = await room();
    await r.audioOnly.set(null, true);
    expect(r.audioOnly.view()).toEqual({ wholeRoom: true, peerIds: ['a', 'b', 'host'] });
    expect(['host', 'a', 'b'].map(receives)).toEqual([[], [], []]);
    r.join({ peerId: 'c', displayName: 'c', role: 'party', autoAdmit: true }, new FakeLink());
    expect(r.audioOnly.isOn('c')).toBe(true);
    await r.audioOnly.set('host', false);
    expect(r.audioOnly.view().peerIds).toEqual(['a', 'b', 'c']);
    await r.audioOnly.set(null, false);
    expect(r.audioOnly.view()).toEqual({ wholeRoom: false, peerIds: [] });
    await expect(r.audioOnly.set('nobody', true)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
