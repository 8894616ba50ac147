import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { joinRoom, type RoomSocket } from './support/room-socket';
import { startLiveWorld, type LiveWorld } from './support/live-world';

/**
 * Issue #13 bug 2 from the attacker's side: once a mediation has ended (the host's
 * 结束调解（全体）, or 结束 from the case file through the REST API) nobody comes back
 * into it: not a party by an invite code or a join token issued before the end, not a
 * party the host removed, not the village kiosk by its device, not anyone by resume.
 * Ending from the case file closes the open room on this node: every seat is told
 * `sessionEnded` 'ended', as when the host ends it.
 */
describe('an ended session ends everywhere', () => {
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

  /** The event `name` this socket got, or gets (hang guard 20 s). */
  const told = (s: RoomSocket, name: string) =>
    new Promise<unknown>((resolve, reject) => {
      const seen = s.events.find((e) => e.event === name);
      if (seen) return resolve(seen.payload);
      const guard = setTimeout(() => reject(new Error(`never told ${name}`)), 20_000);
      s.socket.once(name, (payload: unknown) => {
        clearTimeout(guard);
        resolve(payload);
      });
    });

  /** A mediation of a new case in 东坪村 (operator1 hosts), inviting the village's talk room and parties p1, p2; a kiosk enrolled there. */
  async function scene() {
    const op = await w.token('operator1');
    const { parties, staff } = w.org;
    const c = await w.rest('POST', '/api/cases', op, { category: 'NEIGHBOUR', intakeChannel: 'WALK_IN', description: '院墙滴水', parties: [{ partyId: parties.p1, side: 'A' }, { partyId: parties.p2, side: 'B' }] });
    expect(c.status).toBe(201);
    const s = await w.rest('POST', '/api/sessions', op, { kind: 'MEDIATION', caseId: c.body.id, partyIds: [parties.p1, parties.p2], talkRoomIds: [staff.operator1.talkRoomId] });
    expect(s.status).toBe(201);
    const device = await w.rest('POST', `/api/talk-rooms/${staff.operator1.talkRoomId}/devices`, op, { label: `说事室电脑 ${s.body.id.slice(-4)}` });
    expect(device.status).toBe(201);
    const codeFor = async (partyId: string) => (await w.rest('POST', `/api/sessions/${s.body.id}/invite-codes`, op, { partyId })).body.code as string;
    const exchange = async (partyId: string) => {
      const x = await w.rest('POST', '/api/auth/invite-code', undefined, { sessionId: s.body.id, code: await codeFor(partyId) });
      expect(x.status).toBe(200);
      return x.body as { partyToken: string; join: { token: string; peerId: string } };
    };
    const joinToken = async (auth: string) => (await w.rest('POST', `/api/sessions/${s.body.id}/join-token`, auth)).body as { token: string; peerId: string };
    return { op, sessionId: s.body.id as string, roomId: s.body.roomId as string, kiosk: device.body.token as string, codeFor, exchange, joinToken };
  }

  it('结束 from the case file (POST /api/sessions/:id/end) closes the open room: every seat, admitted or waiting, is told it ended', async () => {
    const m = await scene();
    const host = track(await joinRoom(w.server.url, (await m.joinToken(m.op)).token));
    expect(host.ack).toMatchObject({ ok: true, admission: 'admitted' });
    const p1 = await m.exchange(w.org.parties.p1);
    const party = track(await joinRoom(w.server.url, p1.join.token));
    const kiosk = track(await joinRoom(w.server.url, (await m.joinToken(m.kiosk)).token));
    expect(await host.socket.request('host:admit', { peerId: p1.join.peerId })).toMatchObject({ ok: true });
    expect(kiosk.ack).toMatchObject({ ok: true, admission: 'waiting' });

    const ended = await w.rest('POST', `/api/sessions/${m.sessionId}/end`, m.op);
    expect(ended.status).toBe(200);
    expect(ended.body.endedAt).toEqual(expect.any(String));
    for (const s of [host, party, kiosk]) expect(await told(s.socket, 'sessionEnded')).toEqual({ reason: 'ended' });
    expect(w.server.rooms.get(m.roomId)?.closed ?? true).toBe(true);
    // the seats are gone: a request on them is refused, not served
    expect(await party.socket.request('chat:send', { text: '还在吗' })).toMatchObject({ ok: false });
  });

  it('after the end a party (by code, by an earlier join token, by resume), a removed party and the kiosk are all refused with SESSION_OVER', async () => {
    const m = await scene();
    const { p1, p2 } = w.org.parties;
    const host = track(await joinRoom(w.server.url, (await m.joinToken(m.op)).token));
    const first = await m.exchange(p1);
    const party = track(await joinRoom(w.server.url, first.join.token));
    expect(await host.socket.request('host:admit', { peerId: first.join.peerId })).toMatchObject({ ok: true });
    const kioskEarlier = await m.joinToken(m.kiosk); // issued before the end, used after
    const kioskJoin = await m.joinToken(m.kiosk);
    const kioskSeat = track(await joinRoom(w.server.url, kioskJoin.token));
    expect(await host.socket.request('host:admit', { peerId: kioskJoin.peerId })).toMatchObject({ ok: true });
    const p2Seat = await m.exchange(p2);
    const removed = track(await joinRoom(w.server.url, p2Seat.join.token));
    expect(await host.socket.request('host:admit', { peerId: p2Seat.join.peerId })).toMatchObject({ ok: true });
    expect(await host.socket.request('host:remove', { peerId: p2Seat.join.peerId })).toMatchObject({ ok: true });
    expect(await told(removed.socket, 'sessionEnded')).toEqual({ reason: 'removed' });
    const p1Code = await m.codeFor(p1); // a fresh code, never used: issued before the end
    const partyToken = first.partyToken;

    expect(await host.socket.request('host:end')).toMatchObject({ ok: true });
    for (const s of [party, kioskSeat]) expect(await told(s.socket, 'sessionEnded')).toEqual({ reason: 'ended' });

    // by an invite code issued before the end and never used
    const x = await w.rest('POST', '/api/auth/invite-code', undefined, { sessionId: m.sessionId, code: p1Code });
    expect(x.status).toBe(409);
    expect(x.body.error.code).toBe('SESSION_OVER');
    // by join tokens issued before the end: the party, the removed party, the kiosk
    for (const token of [first.join.token, p2Seat.join.token, kioskEarlier.token]) {
      expect(track(await joinRoom(w.server.url, token)).ack).toMatchObject({ ok: false, error: { code: 'SESSION_OVER' } });
    }
    // by a new join token: the party token and the kiosk's device are refused one
    for (const auth of [partyToken, m.kiosk]) {
      const j = await w.rest('POST', `/api/sessions/${m.sessionId}/join-token`, auth);
      expect(j.status).toBe(409);
      expect(j.body.error.code).toBe('SESSION_OVER');
    }
    // by resume, with the seats' last resume tokens
    for (const resumeToken of [party.ack.resumeToken, kioskSeat.ack.resumeToken]) {
      const s = track(await joinRoom(w.server.url, first.join.token)).socket;
      expect(await s.request('resume', { resumeToken })).toMatchObject({ ok: false, error: { code: 'SESSION_OVER' } });
    }
    // and the kiosk's list no longer has it
    const listed = await w.rest('GET', '/api/sessions?active=true', m.kiosk);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((s: { id: string }) => s.id)).not.toContain(m.sessionId);
    expect(w.server.rooms.get(m.roomId)?.closed ?? true).toBe(true);
  });
});
