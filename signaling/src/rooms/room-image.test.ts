import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { FakeLink, FakeMediaSession } from './fake-media';
import { Room, type SeatClaims } from './room';
import { imageOf, parseImage, restoreImage } from './room-image';

const log = pino({ level: 'silent' });
const GRACE = 20_000;

/**
 * A room's image (issue #15) rebuilt in a fresh room, as another node does after the
 * room's node died: who comes back gets their own seat, admission and group; who was
 * removed, declined or kept out stays so; nobody new slips in through the rebuild.
 */
describe('room image', () => {
  let room: Room;
  beforeEach(() => {
    vi.useFakeTimers();
    room = new Room('r-img', new FakeMediaSession(), { graceMs: GRACE, admissionKeepMs: 120_000, log });
  });
  afterEach(() => vi.useRealTimers());

  const join = (r: Room, claims: Partial<SeatClaims> & { peerId: string }, link = new FakeLink()) =>
    r.join({ displayName: claims.peerId, role: 'party', ...claims }, link);

  function rebuilt(): Room {
    const json = JSON.stringify(imageOf(room));
    const next = new Room('r-img', new FakeMediaSession(), { graceMs: GRACE, admissionKeepMs: 120_000, log });
    restoreImage(next, parseImage(json)!);
    return next;
  }

  function mediation() {
    const host = join(room, { peerId: 'host', role: 'mediator', host: true });
    const a = join(room, { peerId: 'a' });
    const b = join(room, { peerId: 'b' });
    join(room, { peerId: 'waiting', talkRoom: '东村说事室' });
    join(room, { peerId: 'bad' });
    join(room, { peerId: 'no' });
    room.admit('a');
    room.admit('b');
    room.admit('bad');
    room.removeParticipant('bad');
    room.decline('no');
    const groups = room.setCaucus([{ label: '甲方', peerIds: ['a'] }, { label: '乙方', peerIds: ['b'] }]);
    room.host.raiseHand(a, true);
    void room.host.mute('b', 'microphone', true);
    room.host.setLocked(true);
    return { host, a, b, groups };
  }

  it('brings every seat back with its own resume credential, admission, group, hand, mutes and the lock', () => {
    const { host, a, b, groups } = mediation();
    const next = rebuilt();
    expect([...next.peers.keys()].sort()).toEqual(['a', 'b', 'host']);
    expect(next.lobby.list().map((w) => [w.peerId, w.talkRoom, w.connection])).toEqual([['waiting', '东村说事室', 'reconnecting']]);
    // everyone is shown reconnecting until they come back
    expect([...next.peers.values()].filter((p) => p.id !== 'host').map((p) => p.info().connection)).toEqual(['reconnecting', 'reconnecting']);
    const back = next.resume('a', a.sessionId, new FakeLink());
    expect(next.isWaiting(back)).toBe(false);
    next.resume('host', host.sessionId, new FakeLink());
    expect(next.caucus.groups()).toEqual(groups);
    expect(next.host.raisedHands()).toEqual(['a']);
    expect(next.host.isMuted('b', 'microphone')).toBe(true);
    expect(next.host.locked).toBe(true);
    expect(next.hostId).toBe('host');
    // a resume credential of another seat instance does not fit
    expect(() => next.resume('b', host.sessionId, new FakeLink())).toThrow(/seat is gone/);
    expect(b.sessionId).toBe(next.peers.get('b')!.sessionId);
  });

  it('keeps the removed out, the declined away and strangers out of a locked room', () => {
    mediation();
    const next = rebuilt();
    expect(() => join(next, { peerId: 'bad' })).toThrow(/removed/);
    expect(() => join(next, { peerId: 'no' })).toThrow(/declined/);
    expect(() => join(next, { peerId: 'stranger' })).toThrow(/locked/);
  });

  it('lets a seat nobody comes back for time out as on one node, keeping its place', () => {
    mediation();
    const next = rebuilt();
    next.resume('host', next.peers.get('host')!.sessionId, new FakeLink());
    vi.advanceTimersByTime(GRACE + 1);
    expect([...next.peers.keys()]).toEqual(['host']);
    expect(next.places.has('a')).toBe(true);
    // its owner joins again (a reload): seated at once, still in the locked room and their group
    const a = join(next, { peerId: 'a' });
    expect(next.isWaiting(a)).toBe(false);
    expect(next.caucus.group('a')).not.toBeNull();
  });

  it('shows the same documents again, in the same groups, to the same people only', () => {
    const { host, groups } = mediation();
    const doc = { documentId: 'doc-1', name: '现场照片.jpg', mime: 'image/jpeg' };
    room.docs.present(host, doc); // the plenary
    const inA = { documentId: 'doc-2', name: '甲方证据.pdf', mime: 'application/pdf', byPeerId: 'host', groupId: groups[0]!.groupId };
    room.docs.show(inA, ['a']);
    const next = rebuilt();
    expect(next.docs.for(null, { id: 'b', role: 'party' })).toMatchObject({ documentId: 'doc-1', groupId: null });
    expect(next.docs.for(groups[0]!.groupId, { id: 'a', role: 'party' })).toMatchObject({ documentId: 'doc-2' });
    // the other side never sees what was shown in 甲方's group, not even after a rebuild
    expect(next.docs.for(groups[0]!.groupId, { id: 'b', role: 'party' })).toBeNull();
    // an image with a broken entry rebuilds without it
    const img = imageOf(room);
    const broken = JSON.stringify({ ...img, docs: [...img.docs!, { doc: { documentId: 7 }, audience: 'everyone' }] });
    expect(parseImage(broken)!.docs).toHaveLength(2);
  });

  it('ignores what is not an image', () => {
    expect(parseImage(null)).toBeUndefined();
    expect(parseImage('{"v":2}')).toBeUndefined();
    expect(parseImage('not json')).toBeUndefined();
  });
});
