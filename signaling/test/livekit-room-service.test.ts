import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessToken, RoomServiceClient, TwirpError } from 'livekit-server-sdk';
import { joinRoom, type RoomSocket } from './support/room-socket';
import { mediationWithParty, startLiveWorld, type LiveWorld } from './support/live-world';
import { vp8Parameters } from './support/raw-socket';

const LIVEKIT = { apiKey: 'APIshuoshiTest', apiSecret: 'livekit-test-secret-livekit-test-secret-0123' };

/** Issue #17, step 4: livekit-server-sdk's RoomServiceClient, unmodified, against our rooms. */
describe('the LiveKit RoomService subset', () => {
  let w: LiveWorld;
  let svc: RoomServiceClient;
  const sockets: RoomSocket[] = [];
  beforeAll(async () => {
    w = await startLiveWorld({ env: { LIVEKIT_API_KEY: LIVEKIT.apiKey, LIVEKIT_API_SECRET: LIVEKIT.apiSecret } });
    svc = new RoomServiceClient(w.server.url, LIVEKIT.apiKey, LIVEKIT.apiSecret);
  });
  afterAll(async () => {
    for (const s of sockets) s.close();
    await w?.server.stop();
  });

  it('lists rooms and participants, mutes a published track (held like the host\'s mute) and removes a participant for good', async () => {
    const m = await mediationWithParty(w);
    const host = await joinRoom(w.server.url, m.hostJoin.token);
    sockets.push(host.socket);
    const party = await joinRoom(w.server.url, m.party.join.token);
    sockets.push(party.socket);
    w.server.rooms.get(m.roomId)!.admit(m.party.join.peerId);
    // the party sends a camera (a producer on mediasoup; no browser needed to list and mute it)
    const t = await party.socket.request('createTransport', { direction: 'send' });
    const { producerId } = (await party.socket.request('produce', { transportId: t.transportId, kind: 'video', source: 'camera', rtpParameters: vp8Parameters(424_242) }));
    expect(producerId).toBeTruthy();

    const rooms = await svc.listRooms();
    expect(rooms.map((r) => r.name)).toContain(m.roomId);
    expect(rooms.find((r) => r.name === m.roomId)?.numParticipants).toBe(2);

    const people = await svc.listParticipants(m.roomId);
    expect(people.map((p) => p.identity).sort()).toEqual([m.hostJoin.peerId, m.party.join.peerId].sort());
    const camera = people.find((p) => p.identity === m.party.join.peerId)!.tracks[0]!;
    expect(camera.muted).toBe(false);

    const muted = await svc.mutePublishedTrack(m.roomId, m.party.join.peerId, camera.sid, true);
    expect(muted.muted).toBe(true);
    const seat = w.server.rooms.get(m.roomId)!.peers.get(m.party.join.peerId)!;
    expect(seat.producers.get(producerId)!.producer.paused).toBe(true);
    // held like the host's own mute: the participant's resume is refused
    expect((await party.socket.request('resumeProducer', { producerId })).error.code).toBe('MUTED_BY_HOST');

    await svc.removeParticipant(m.roomId, m.party.join.peerId);
    expect(w.server.rooms.get(m.roomId)!.peers.has(m.party.join.peerId)).toBe(false);
    // for good: the stored removal refuses its tokens, ours and LiveKit's
    const again = await joinRoom(w.server.url, m.party.join.token);
    sockets.push(again.socket);
    expect(again.ack.error.code).toBe('FORBIDDEN');
    expect((await w.rest('POST', `/api/sessions/${m.sessionId}/livekit-token`, m.party.partyToken)).body.error.code).toBe('REMOVED_FROM_ROOM');
    const audited = await w.server.db.prisma.auditLog.findFirst({ where: { action: 'room.remove', entityId: m.roomId } });
    expect(audited?.details).toMatchObject({ peerId: m.party.join.peerId, by: 'livekit-room-service' });
  });

  it('refuses a caller without our API key and secret, or without the grant for the room (Twirp errors)', async () => {
    const m = await mediationWithParty(w);
    const host = await joinRoom(w.server.url, m.hostJoin.token);
    sockets.push(host.socket);
    const stranger = new RoomServiceClient(w.server.url, LIVEKIT.apiKey, 'someone-elses-secret-someone-elses-secret');
    await expect(stranger.listRooms()).rejects.toMatchObject({ status: 401, code: 'unauthenticated' });
    await expect(stranger.removeParticipant(m.roomId, m.hostJoin.peerId)).rejects.toBeInstanceOf(TwirpError);
    expect(w.server.rooms.get(m.roomId)!.peers.has(m.hostJoin.peerId)).toBe(true);
    // our key, but an admin grant for another room
    const other = new AccessToken(LIVEKIT.apiKey, LIVEKIT.apiSecret);
    other.addGrant({ roomAdmin: true, room: 'r-another-room' });
    const res = await fetch(`${w.server.url}/twirp/livekit.RoomService/RemoveParticipant`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await other.toJwt()}`, 'content-type': 'application/json' },
      body: JSON.stringify({ room: m.roomId, identity: m.hostJoin.peerId }),
    });
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ code: 'permission_denied' });
    expect(w.server.rooms.get(m.roomId)!.peers.has(m.hostJoin.peerId)).toBe(true);
    await expect(svc.listParticipants('r-no-such-room')).rejects.toMatchObject({ status: 404, code: 'not_found' });
    await expect(svc.removeParticipant(m.roomId, 'party-nobody')).rejects.toMatchObject({ status: 404 });
    // a method we do not offer
    await expect(svc.deleteRoom(m.roomId)).rejects.toMatchObject({ status: 404, code: 'bad_route' });
    expect(w.server.rooms.get(m.roomId)!.closed).toBe(false);
  });
});
