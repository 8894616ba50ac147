import { describe, expect, it } from 'vitest';
import type { types } from 'mediasoup-client';
import { RemotePeers } from './remote-peers';

const fakeConsumer = () => {
  const c = { closed: false, close: () => void (c.closed = true), kind: 'video' };
  return c as unknown as types.Consumer & { closed: boolean };
};
const peer = (peerId: string) => ({ peerId, displayName: peerId, role: 'party' as const, connection: 'connected' as const, producers: [] });

describe('RemotePeers', () => {
  it('publishes a new snapshot on every change and files tracks by source', () => {
    let changes = 0;
    const peers = new RemotePeers(() => changes++);
    peers.upsertPeer(peer('a'));
    const first = peers.list;
    const consumer = fakeConsumer();
    peers.addConsumer('a', { consumerId: 'c1', producerId: 'p1', source: 'camera', track: {} as MediaStreamTrack, muted: false, consumer });
    expect(peers.list).not.toBe(first);
    expect(peers.get('a')?.camera?.consumerId).toBe('c1');
    peers.setMuted('c1', true);
    expect(peers.get('a')?.camera?.muted).toBe(true);
    peers.setConnection('a', 'reconnecting');
    expect(peers.list[0]?.connection).toBe('reconnecting');
    expect(changes).toBe(4);
  });

  it('closes the consumers of a peer that leaves', () => {
    const peers = new RemotePeers(() => undefined);
    peers.upsertPeer(peer('a'));
    const consumer = fakeConsumer();
    peers.addConsumer('a', { consumerId: 'c1', producerId: 'p1', source: 'microphone', track: {} as MediaStreamTrack, muted: false, consumer });
    peers.removePeer('a');
    expect(consumer.closed).toBe(true);
    expect(peers.list).toEqual([]);
    expect(peers.hasConsumer('c1')).toBe(false);
  });

  it('reconciles with the server after a resume: drops peers that went, keeps tracks of those that stayed', () => {
    const peers = new RemotePeers(() => undefined);
    peers.upsertPeer(peer('a'));
    peers.upsertPeer(peer('b'));
    const ca = fakeConsumer();
    const cb = fakeConsumer();
    peers.addConsumer('a', { consumerId: 'ca', producerId: 'pa', source: 'camera', track: {} as MediaStreamTrack, muted: false, consumer: ca });
    peers.addConsumer('b', { consumerId: 'cb', producerId: 'pb', source: 'camera', track: {} as MediaStreamTrack, muted: false, consumer: cb });
    peers.replacePeers([peer('a'), peer('c')]);
    expect(peers.list.map((p) => p.peerId).sort()).toEqual(['a', 'c']);
    expect(peers.get('a')?.camera?.consumerId).toBe('ca');
    expect(cb.closed).toBe(true);
    expect(ca.closed).toBe(false);
  });

  it('keeps whether a peer’s media reaches the server: good by default, interrupted when told, from a view too', () => {
    const peers = new RemotePeers(() => undefined);
    peers.upsertPeer(peer('a'));
    expect(peers.get('a')?.link).toBe('good');
    peers.setLink('a', 'interrupted');
    expect(peers.list.find((p) => p.peerId === 'a')?.link).toBe('interrupted');
    peers.upsertPeer({ ...peer('b'), link: 'interrupted' });
    expect(peers.get('b')?.link).toBe('interrupted');
    peers.setLink('a', 'good');
    expect(peers.get('a')?.link).toBe('good');
  });
});
