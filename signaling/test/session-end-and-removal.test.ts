import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { joinRoom, type RoomSocket } from './support/room-socket';
import { mediationWithParty, startLiveWorld, type LiveWorld } from './support/live-world';

/**
 * Issue #12, item 9, from the attacker's side: a removal and the session's end are
 * stored (PostgreSQL), so join tokens do not outlive them, even once the room has
 * emptied and closed (a new room with the same id knows nothing in memory).
 */
describe('join tokens do not outlive removal and the session end', () => {
  let w: LiveWorld;
  const sockets: RoomSocket[] = [];
  const track = <T extends { socket: RoomSocket }>(j: T) => (sockets.push(j.socket), j);
  beforeAll(async () => {
    w = await startLiveWorld();
  });
  afterEach(() => {
    for (const s of sockets.splice(0)) s.close();
  });
  afterAll(async () => w?.server.stop());

  /** Resolves once the node has no open room with this id (the room closes when its last seat goes). */
  const roomGone = async (roomId: string) => {
    const room = w.server.rooms.get(roomId);
    if (room && !room.closed) await new Promise<void>((resolve) => room.once('close', () => resolve()));
  };

  it('a removed party who comes back after the room emptied is refused', async () => {
    const m = await mediationWithParty(w);
    const host = track(await joinRoom(w.server.url, m.hostJoin.token));
    expect(host.ack).toMatchObject({ ok: true, admission: 'admitted' });
    const party = track(await joinRoom(w.server.url, m.party.join.token));
    expect(party.ack).toMatchObject({ ok: true, admission: 'waiting' });
    expect(await host.socket.request('host:admit', { peerId: m.party.join.peerId })).toMatchObject({ ok: true });
    expect(await host.socket.request('host:remove', { peerId: m.party.join.peerId })).toMatchObject({ ok: true });
    expect(await host.socket.request('leave')).toMatchObject({ ok: true });
    await roomGone(m.roomId);

    const back = track(await joinRoom(w.server.url, m.party.join.token));
    expect(back.ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // a fresh join token from the REST API is no way round it
    const fresh = await w.rest('POST', `/api/sessions/${m.sessionId}/join-token`, m.party.partyToken);
    const again = track(await joinRoom(w.server.url, fresh.body.token));
    expect(again.ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    // the host still gets in
    expect(track(await joinRoom(w.server.url, m.hostJoin.token)).ack).toMatchObject({ ok: true, admission: 'admitted' });
  });

  it('the first host in starts the session, host:end ends it, and its tokens (join, resume, invite code) are refused after', async () => {
    const m = await mediationWithParty(w);
    const p2Code = await m.codeFor(w.org.parties.p2);
    const host = track(await joinRoom(w.server.url, m.hostJoin.token));
    expect(host.ack).toMatchObject({ ok: true, admission: 'admitted' });
    const started = await w.server.db.prisma.session.findUniqueOrThrow({ where: { id: m.sessionId } });
    expect(started.startedAt).toBeInstanceOf(Date);
    expect(started.endedAt).toBeNull();

    const party = track(await joinRoom(w.server.url, m.party.join.token));
    expect(party.ack).toMatchObject({ ok: true });
    expect(await host.socket.request('host:end')).toMatchObject({ ok: true });
    const ended = await w.server.db.prisma.session.findUniqueOrThrow({ where: { id: m.sessionId } });
    expect(ended.endedAt).toBeInstanceOf(Date);
    expect(ended.startedAt).toEqual(started.startedAt);
    const events = await w.server.db.prisma.caseEvent.findMany({ where: { caseId: ended.caseId! }, orderBy: { at: 'asc' } });
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['SESSION_STARTED', 'SESSION_ENDED']));
    await roomGone(m.roomId);

    for (const token of [m.hostJoin.token, m.party.join.token]) {
      const j = track(await joinRoom(w.server.url, token));
      expect(j.ack).toMatchObject({ ok: false, error: { code: 'SESSION_OVER' } });
    }
    const resumed = track(await joinRoom(w.server.url, m.party.join.token)).socket;
    expect(await resumed.request('resume', { resumeToken: host.ack.resumeToken })).toMatchObject({ ok: false, error: { code: 'SESSION_OVER' } });
    // the REST API agrees: no new join token, no invite-code exchange, not ended twice
    expect((await w.rest('POST', `/api/sessions/${m.sessionId}/join-token`, m.op)).body.error.code).toBe('SESSION_OVER');
    const exchanged = await w.rest('POST', '/api/auth/invite-code', undefined, { sessionId: m.sessionId, code: p2Code });
    expect(exchanged.status).toBe(409);
    expect(exchanged.body.error.code).toBe('SESSION_OVER');
  });
});
