import { beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { RtpParameters } from '@shuoshi/protocol';
import { AppError } from '../errors';
import { FakeMediaSession, FakeLink } from './fake-media';
import { Lobby } from './lobby';
import { Peer } from './peer';
import { Room, type SeatClaims } from './room';

const log = pino({ level: 'silent' });


const audio: RtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000, channels: 2 }] };

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return (err as AppError).code;
  }
  throw new Error('expected an error');
}

describe('Lobby', () => {
  const peer = (id: string) => new Peer(id, id, 'party', new FakeLink(), log);

  it('lists people oldest first and keeps the place of someone who comes back', () => {
    const lobby = new Lobby();
    lobby.enter(peer('a'), '东村说事室', new Date(1000));
    lobby.enter(peer('b'), null, new Date(2000));
    const again = peer('a');
    const replaced = lobby.enter(again, null, new Date(3000));
    expect(replaced?.id).toBe('a');
    expect(lobby.list().map((w) => [w.peerId, w.talkRoom, w.since])).toEqual([
      ['a', '东村说事室', new Date(1000).toISOString()],
      ['b', null, new Date(2000).toISOString()],
    ]);
    expect(lobby.has(again)).toBe(true);
    expect(lobby.remove(replaced!)).toBe(false); // the old seat is not the one waiting
  });

  it('remembers whom the host declined', () => {
    const lobby = new Lobby();
    const a = peer('a');
    lobby.enter(a, null);
    expect(lobby.decline('a')).toBe(a);
    expect(lobby.size).toBe(0);
    expect(lobby.isDeclined('a')).toBe(true);
    expect(lobby.decline('nobody')).toBeUndefined();
  });
});

describe('Room admission', () => {
  let media: FakeMediaSession;
  let room: Room;
  beforeEach(() => {
    media = new FakeMediaSession();
    room = new Room('r-lobby', media, { graceMs: 20_000, log });
  });
  const join = (claims: Partial<SeatClaims> & { peerId: string }, link = new FakeLink()) => ({
    peer: room.join({ displayName: claims.peerId, role: 'party', ...claims }, link),
    link,
  });

  it('keeps a party waiting, with no media, until the host admits them', async () => {
    const party = join({ peerId: 'villager', talkRoom: '西村' });
    expect(room.isWaiting(party.peer)).toBe(true);
    expect(room.peers.size).toBe(0);
    const host = join({ peerId: 'host', role: 'mediator' });
    expect(room.isWaiting(host.peer)).toBe(false);
    // the waiting party learns a host is there; the host sees who waits
    expect(party.link.of('hostChanged')).toEqual([{ peerId: 'host' }]);
    expect(room.lobby.list().map((w) => [w.peerId, w.talkRoom])).toEqual([['villager', '西村']]);
    const t = await room.wiring.createTransport(host.peer, 'send');
    await room.wiring.produce(host.peer, { transportId: t.transportId, kind: 'audio', source: 'microphone', rtpParameters: audio });
    expect(host.link.of('peerJoined')).toEqual([]);

    room.admit('villager');
    expect(room.isWaiting(party.peer)).toBe(false);
    const [admitted] = party.link.of('admitted');
    expect(admitted?.peers.map((p) => p.peerId)).toEqual(['host']);
    expect(host.link.of('peerJoined').map((e) => e.peer.peerId)).toEqual(['villager']);
    expect(host.link.of('lobbyChanged').at(-1)).toEqual({ waiting: [] });
    await room.wiring.createTransport(party.peer, 'recv');
    expect(await room.wiring.ready(party.peer, { codecs: [] })).toHaveLength(1);
  });

  it('declines: the person is told, leaves the lobby and cannot wait again', () => {
    join({ peerId: 'host', role: 'mediator' });
    const party = join({ peerId: 'stranger' });
    room.decline('stranger');
    expect(party.link.released).toBe('declined');
    expect(party.peer.closed).toBe(true);
    expect(room.lobby.size).toBe(0);
    expect(codeOf(() => join({ peerId: 'stranger' }))).toBe('DECLINED');
    expect(codeOf(() => room.decline('stranger'))).toBe('NOT_FOUND');
  });

  it('a locked room lets nobody new in: no new lobby entrants, no admission until unlocked', () => {
    join({ peerId: 'host', role: 'mediator' });
    join({ peerId: 'early' });
    room.host.setLocked(true);
    expect(codeOf(() => join({ peerId: 'late' }))).toBe('ROOM_LOCKED');
    expect(codeOf(() => join({ peerId: 'lawyer', role: 'lawyer', autoAdmit: true }))).toBe('ROOM_LOCKED');
    expect(codeOf(() => room.admit('early'))).toBe('ROOM_LOCKED');
    expect(codeOf(() => room.admitAll())).toBe('ROOM_LOCKED');
    // someone already waiting may reload and keep their place
    const again = join({ peerId: 'early' });
    expect(room.isWaiting(again.peer)).toBe(true);
    room.host.setLocked(false);
    expect(room.admitAll()).toEqual(['early']);
  });

  it('a waiting seat sees nothing of the room but whether a host is there and the lock (the one RoomView, every list empty)', () => {
    const host = join({ peerId: 'host', role: 'mediator' }).peer;
    room.host.raiseHand(host, true);
    const party = join({ peerId: 'waiting' }).peer;
    room.host.setLocked(true);
    expect(room.view(party)).toEqual({ peers: [], hostId: 'host', caucus: [], locked: true, chat: [], shownDocument: null, hands: [], hostMutes: [] });
    expect(room.view(host).hands).toEqual(['host']);
  });

  it('auto-admitted tokens and mediators skip the lobby', () => {
    expect(room.isWaiting(join({ peerId: 'lawyer', role: 'lawyer', autoAdmit: true }).peer)).toBe(false);
    expect(room.isWaiting(join({ peerId: 'co', role: 'mediator' }).peer)).toBe(false);
  });

  it('the room as a seat sees it carries raised hands and host mutes (a reload shows them); back to the lobby lowers the hand', async () => {
    const host = join({ peerId: 'host', role: 'mediator' }).peer;
    const party = join({ peerId: 'p', autoAdmit: true }).peer;
    room.host.raiseHand(party, true);
    await room.host.mute('p', 'microphone', true);
    expect(room.view(host)).toMatchObject({ hands: ['p'], hostMutes: [{ peerId: 'p', source: 'microphone' }] });
    const again = join({ peerId: 'p', autoAdmit: true }).peer; // a reload replaces the seat: the hand stays up
    expect(room.view(again).hands).toEqual(['p']);
    room.removeParticipant('p', 'lobby');
    expect(room.view(host)).toMatchObject({ hands: [], hostMutes: [{ peerId: 'p', source: 'microphone' }] });
  });

  it('someone the host sent back to the lobby stays there on a reload, even with an auto-admitting token', async () => {
    join({ peerId: 'host', role: 'mediator' });
    join({ peerId: 'lawyer', role: 'lawyer', autoAdmit: true });
    room.removeParticipant('lawyer', 'lobby');
    const again = join({ peerId: 'lawyer', role: 'lawyer', autoAdmit: true }).peer;
    expect(room.isWaiting(again)).toBe(true);
    expect(room.lobby.list().map((w) => w.peerId)).toEqual(['lawyer']);
    room.admit('lawyer');
    expect(room.isWaiting(again)).toBe(false);
  });

  it("the session's own host hosts (a consultation's lawyer too), ahead of a mediator who came first", () => {
    join({ peerId: 'co', role: 'mediator' });
    expect(room.hostId).toBe('co');
    const lawyer = join({ peerId: 'lawyer', role: 'lawyer', host: true }).peer;
    expect(room.isWaiting(lawyer)).toBe(false);
    expect(room.hostId).toBe('lawyer');
    room.leave(lawyer);
    expect(room.hostId).toBe('co');
  });

  it('back to the lobby: media closed, the others told, waiting again; out for good cannot come back', async () => {
    const host = join({ peerId: 'host', role: 'mediator' });
    const party = join({ peerId: 'p' });
    room.admit('p');
    const t = await room.wiring.createTransport(party.peer, 'send');
    await room.wiring.produce(party.peer, { transportId: t.transportId, kind: 'audio', source: 'microphone', rtpParameters: audio });
    room.removeParticipant('p', 'lobby');
    expect(room.isWaiting(party.peer)).toBe(true);
    expect(party.peer.producers.size).toBe(0);
    expect(party.peer.transports.size).toBe(0);
    expect(party.link.of('returnedToLobby')).toHaveLength(1);
    expect(host.link.of('peerLeft')).toEqual([{ peerId: 'p', reason: 'lobby' }]);
    expect(room.lobby.list().map((w) => w.peerId)).toEqual(['p']);
    expect(codeOf(() => room.removeParticipant('host', 'lobby'))).toBe('FORBIDDEN');
    // admitted again, then removed for good: not even the lobby takes them
    room.admit('p');
    room.removeParticipant('p');
    expect(codeOf(() => join({ peerId: 'p' }))).toBe('FORBIDDEN');
  });

  it('a waiting seat resumes its place; the room stays open while someone waits', () => {
    const party = join({ peerId: 'p' });
    const link2 = new FakeLink();
    room.linkLost(party.peer, party.link);
    expect(room.lobby.list()[0]?.connection).toBe('reconnecting');
    expect(room.resume('p', party.peer.sessionId, link2)).toBe(party.peer);
    expect(room.lobby.list()[0]?.connection).toBe('connected');
    room.leave(party.peer);
    expect(room.closed).toBe(true);
  });

  it('a document shown in a group is seen by those in it then, each with an address of their own; a newcomer is not shown it', () => {
    const shownTo: string[] = [];
    const r = new Room('r-docs', new FakeMediaSession(), {
      graceMs: 20_000,
      log,
      docUrl: (d, to) => `/doc/${d}?for=${to.peerId}`,
      docShowings: { record: async (_room, d, to) => void shownTo.push(`${d}:${to.peerId}`) },
    });
    const hostLink = new FakeLink();
    r.join({ peerId: 'host', displayName: 'host', role: 'mediator' }, hostLink);
    const a = new FakeLink();
    r.join({ peerId: 'a', displayName: 'a', role: 'party', autoAdmit: true }, a);
    const b = new FakeLink();
    r.join({ peerId: 'b', displayName: 'b', role: 'party', autoAdmit: true }, b);
    r.moveToGroup('host', { label: 'G' });
    const g = r.caucus.group('host')!;
    r.moveToGroup('a', g);
    const doc = { documentId: 'd1', name: '借条.pdf', mime: 'application/pdf', byPeerId: 'host', groupId: g };
    r.docs.show(doc, r.audienceOf(g));
    expect(r.view(r.peers.get('a')!).shownDocument?.url).toBe('/doc/d1?for=a');
    expect(r.view(r.peers.get('b')!).shownDocument).toBeNull();
    r.moveToGroup('b', g);
    expect(b.of('docShown')).toEqual([]);
    expect(r.view(r.peers.get('b')!).shownDocument).toBeNull();
    expect(a.of('docShown').at(-1)).toEqual({ ...doc, url: '/doc/d1?for=a' }); // still theirs after the change
    expect(shownTo).not.toContain('d1:b');
    expect(shownTo.filter((s) => s === 'd1:a')).toHaveLength(1); // noted once, however often it is re-sent
  });
});
