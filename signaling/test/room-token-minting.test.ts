import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinRoom, type RoomSocket } from './support/room-socket';
import { mediationWithParty, startLiveWorld, type LiveWorld } from './support/live-world';

/**
 * Issue #12, item 1, from the attacker's side: the service as started by default
 * offers no way to mint a room token without credentials, so a party who learnt the
 * room id and the host's id cannot take the host's seat.
 */
describe('nobody mints room tokens without credentials', () => {
  let w: LiveWorld;
  const sockets: RoomSocket[] = [];
  beforeAll(async () => {
    w = await startLiveWorld();
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await w?.server.stop();
  });

  it('answers 404 to an unauthenticated POST /api/dev/room-token, even naming the host', async () => {
    const m = await mediationWithParty(w);
    const res = await w.rest('POST', '/api/dev/room-token', undefined, { roomId: m.roomId, role: 'mediator', displayName: '调解员', peerId: m.hostJoin.peerId, autoAdmit: true });
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });

  it("a party cannot become host: the party's token waits in the lobby and host requests are refused", async () => {
    const m = await mediationWithParty(w);
    const host = await joinRoom(w.server.url, m.hostJoin.token);
    sockets.push(host.socket);
    expect(host.ack).toMatchObject({ ok: true, admission: 'admitted', hostId: m.hostJoin.peerId });
    const party = await joinRoom(w.server.url, m.party.join.token);
    sockets.push(party.socket);
    expect(party.ack).toMatchObject({ ok: true, admission: 'waiting', hostId: m.hostJoin.peerId });
    expect((await party.socket.request('host:remove', { peerId: m.hostJoin.peerId })).error.code).toBe('NOT_ADMITTED');
    // what the party may read of its session does not name the host
    const seen = await w.rest('GET', `/api/sessions/${m.sessionId}`, m.party.partyToken);
    expect(seen.status).toBe(200);
    expect(JSON.stringify(seen.body)).not.toContain(w.org.staff.operator1.id);
  });
});
