import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { AppError } from '../errors';
import { FakeMediaSession, FakeLink } from './fake-media';
import { KeptPlaces } from './kept-places';
import { Room, type SeatClaims } from './room';

const log = pino({ level: 'silent' });
const GRACE = 20_000;
const KEEP = 120_000;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).code;
  }
  throw new Error('expected an error');
}

describe('KeptPlaces', () => {
  it('keeps a place for its time, then forgets it; 0 keeps nothing', () => {
    let now = 1_000;
    const places = new KeptPlaces(KEEP, () => now);
    places.keep('a');
    expect(places.has('a')).toBe(true);
    now += KEEP - 1;
    expect(places.has('a')).toBe(true);
    now += 1;
    expect(places.has('a')).toBe(false);
    const none = new KeptPlaces(0, () => now);
    none.keep('a');
    expect(none.has('a')).toBe(false);
  });
});

/**
 * A villager's link drops for longer than the grace period (45 s on a rural 4G link):
 * the seat ends, the admission does not. Written from both sides: the person who was
 * let in comes back into the room; a person the host removed or sent away does not get
 * back in by waiting for their seat to time out.
 */
describe('Room: places kept across a long outage', () => {
  let room: Room;
  beforeEach(() => {
    vi.useFakeTimers();
    room = new Room('r-kept', new FakeMediaSession(), { graceMs: GRACE, admissionKeepMs: KEEP, log });
  });
  afterEach(() => vi.useRealTimers());

  const join = (claims: Partial<SeatClaims> & { peerId: string }, link = new FakeLink()) => ({
    peer: room.join({ displayName: claims.peerId, role: 'party', ...claims }, link),
    link,
  });
  /** The host, and a villager admitted from the lobby whose link then stays down past the grace period. */
  function villagerLost(): { host: ReturnType<typeof join> } {
    const host = join({ peerId: 'host', role: 'mediator', host: true });
    const v = join({ peerId: 'villager', talkRoom: '西村说事室' });
    room.admit('villager');
    room.linkLost(v.peer, v.link);
    vi.advanceTimersByTime(GRACE + 1);
    expect(room.peers.has('villager')).toBe(false);
    return { host };
  }

  it('seats an admitted villager who comes back after the grace period, without the lobby', () => {
    const { host } = villagerLost();
    vi.advanceTimersByTime(45_000);
    const back = join({ peerId: 'villager', talkRoom: '西村说事室' });
    expect(room.isWaiting(back.peer)).toBe(false);
    expect(room.peers.get('villager')).toBe(back.peer);
    expect(host.link.of('peerJoined').at(-1)?.peer.peerId).toBe('villager');
    expect(room.lobby.size).toBe(0);
  });

  it('seats them in a locked room too: the place is theirs, not a new arrival', () => {
    villagerLost();
    room.host.setLocked(true);
    expect(codeOf(() => join({ peerId: 'newcomer' }))).toBe('ROOM_LOCKED');
    const back = join({ peerId: 'villager' });
    expect(room.isWaiting(back.peer)).toBe(false);
  });

  it('puts them in the lobby once the place has lapsed', () => {
    villagerLost();
    vi.advanceTimersByTime(KEEP + 1);
    const back = join({ peerId: 'villager' });
    expect(room.isWaiting(back.peer)).toBe(true);
  });

  it('keeps a place once: a second outage after coming back is kept again, a voluntary leave is not', () => {
    villagerLost();
    const back = join({ peerId: 'villager' });
    room.leave(back.peer);
    const again = join({ peerId: 'villager' });
    expect(room.isWaiting(again.peer)).toBe(true);
  });

  // the attacker's side: nobody the host sent away comes back by waiting

  it('a villager removed while their link was down cannot come back, before or after the place would lapse', () => {
    join({ peerId: 'host', role: 'mediator', host: true });
    const v = join({ peerId: 'villager' });
    room.admit('villager');
    room.linkLost(v.peer, v.link);
    room.removeParticipant('villager', 'out');
    vi.advanceTimersByTime(GRACE + 1);
    expect(codeOf(() => join({ peerId: 'villager' }))).toBe('FORBIDDEN');
    vi.advanceTimersByTime(KEEP + 1);
    expect(codeOf(() => join({ peerId: 'villager' }))).toBe('FORBIDDEN');
  });

  it('the host can still remove a villager whose seat already timed out: the kept place does not seat them', () => {
    villagerLost();
    room.removeParticipant('villager', 'out');
    expect(codeOf(() => join({ peerId: 'villager' }))).toBe('FORBIDDEN');
  });

  it('a villager sent back to the lobby keeps waiting after their link drops past the grace period', () => {
    join({ peerId: 'host', role: 'mediator', host: true });
    const v = join({ peerId: 'villager' });
    room.admit('villager');
    room.removeParticipant('villager', 'lobby');
    room.linkLost(v.peer, v.link);
    vi.advanceTimersByTime(GRACE + 1);
    const back = join({ peerId: 'villager' });
    expect(room.isWaiting(back.peer)).toBe(true);
  });

  it('sending a timed-out villager to the lobby forgets their place: they wait when they come back', () => {
    villagerLost();
    room.removeParticipant('villager', 'lobby');
    const back = join({ peerId: 'villager' });
    expect(room.isWaiting(back.peer)).toBe(true);
  });

  it('a villager who was only waiting (never admitted) keeps no place', () => {
    join({ peerId: 'host', role: 'mediator', host: true });
    const v = join({ peerId: 'villager' });
    room.linkLost(v.peer, v.link);
    vi.advanceTimersByTime(GRACE + 1);
    const back = join({ peerId: 'villager' });
    expect(room.isWaiting(back.peer)).toBe(true);
  });

  it('a place is the person’s, not the talk room’s: another peer id from the same talk room waits', () => {
    villagerLost();
    const other = join({ peerId: 'someone-else', talkRoom: '西村说事室' });
    expect(room.isWaiting(other.peer)).toBe(true);
  });
});
