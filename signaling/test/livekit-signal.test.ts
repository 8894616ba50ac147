import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessToken } from 'livekit-server-sdk';
import { Ping, RequestResponse_Reason, SimulateScenario } from '@livekit/protocol';
import { Signal } from './support/livekit-signal';
import { mediationWithParty, startLiveWorld, type LiveWorld } from './support/live-world';

const LIVEKIT = { apiKey: 'APIshuoshiTest', apiSecret: 'livekit-test-secret-livekit-test-secret-0123' };

describe('the LiveKit /rtc signal endpoint', () => {
  let w: LiveWorld;
  const open: Signal[] = [];
  beforeAll(async () => {
    w = await startLiveWorld({ env: { LIVEKIT_API_KEY: LIVEKIT.apiKey, LIVEKIT_API_SECRET: LIVEKIT.apiSecret } });
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await w?.server.stop();
  });

  const connect = async (token: string, extra: Record<string, string> = {}) => {
    const s = await Signal.open(w.server.url, { access_token: token, auto_subscribe: '1', sdk: 'js', version: '2.23.0', protocol: '16', ...extra });
    open.push(s);
    return s;
  };

  it('joins with a token from our API: JoinResponse (room, participant, subscriber primary, server info), then the subscriber offer', async () => {
    const m = await mediationWithParty(w);
    const t = (await w.rest('POST', `/api/sessions/${m.sessionId}/livekit-token`, m.op)).body;
    const s = await connect(t.token);
    const join = await s.next('join');
    expect(join.room?.name).toBe(m.roomId);
    expect(join.participant).toMatchObject({ identity: t.identity, permission: { canSubscribe: true, canPublish: true } });
    expect(join.subscriberPrimary).toBe(true);
    expect(join.serverInfo?.version).toBeTruthy();
    const offer = await s.next('offer');
    expect(offer.sdp).toMatch(/a=ice-lite/);
    expect(offer.sdp).toMatch(/a=candidate:/);
    // ping/pong, both kinds
    s.send({ case: 'ping', value: 1234n });
    expect(await s.next('pong')).toBe(1234n);
    s.send({ case: 'pingReq', value: new Ping({ timestamp: 99n }) });
    expect((await s.next('pongResp')).lastPingTimestamp).toBe(99n);
    // what we do not support gets LiveKit's error response
    s.send({ case: 'simulate', value: new SimulateScenario({ scenario: { case: 'speakerUpdate', value: 3 } }) });
    expect((await s.next('requestResponse')).reason).toBe(RequestResponse_Reason.UNSUPPORTED_TYPE);
    // the seat is a seat of our room
    expect(w.server.rooms.get(m.roomId)?.peers.has(t.identity)).toBe(true);
    s.send({ case: 'leave', value: {} as never });
    await expect(s.next('join', 2000)).rejects.toThrow(/closed/);
    expect(w.server.rooms.get(m.roomId)?.peers.has(t.identity) ?? false).toBe(false);
  });

  it('refuses (HTTP 401) a token not signed with our secret, and a LiveKit token that names no seat of ours; /rtc/validate says so', async () => {
    const m = await mediationWithParty(w);
    const forged = new AccessToken(LIVEKIT.apiKey, 'not-our-secret-not-our-secret-not-our-secret', { identity: m.hostJoin.peerId, attributes: { 'shuoshi.role': 'mediator', 'shuoshi.host': '1' } });
    forged.addGrant({ roomJoin: true, room: m.roomId });
    await expect(connect(await forged.toJwt())).rejects.toMatchObject({ status: 401 });
    const bare = new AccessToken(LIVEKIT.apiKey, LIVEKIT.apiSecret, { identity: 'someone' });
    bare.addGrant({ roomJoin: true, room: m.roomId });
    await expect(connect(await bare.toJwt())).rejects.toMatchObject({ status: 401 });
    // our own socket.io join token is not a LiveKit token
    await expect(connect(m.hostJoin.token)).rejects.toMatchObject({ status: 401 });
    const v = await fetch(`${w.server.url}/rtc/validate?access_token=${await forged.toJwt()}`);
    expect(v.status).toBe(401);
    expect((await fetch(`${w.server.url}/rtc/v1/validate`)).status).toBe(404);
  });

  it('puts a party in the lobby (no subscribe permission, no one else listed) and refuses its publishing until admitted', async () => {
    const m = await mediationWithParty(w);
    const host = await connect((await w.rest('POST', `/api/sessions/${m.sessionId}/livekit-token`, m.op)).body.token);
    await host.next('join');
    const party = (await w.rest('POST', `/api/sessions/${m.sessionId}/livekit-token`, m.party.partyToken)).body;
    const s = await connect(party.token);
    const join = await s.next('join');
    expect(join.participant?.permission).toMatchObject({ canSubscribe: false, canPublish: false });
    expect(join.otherParticipants).toEqual([]);
    s.send({ case: 'addTrack', value: { cid: 'mic', type: 0, source: 2, name: 'mic', layers: [], simulcastCodecs: [] } as never });
    expect((await s.next('requestResponse')).reason).toBe(RequestResponse_Reason.NOT_ALLOWED);
    w.server.rooms.get(m.roomId)!.admit(party.identity);
    const update = await s.next('update');
    expect(update.participants.find((p) => p.identity === party.identity)?.permission).toMatchObject({ canSubscribe: true, canPublish: true });
  });

  it('sent back to the lobby by the host: the client is told to join again (leave, action RECONNECT), and waits when it does', async () => {
    const m = await mediationWithParty(w);
    const host = await connect((await w.rest('POST', `/api/sessions/${m.sessionId}/livekit-token`, m.op)).body.token);
    await host.next('join');
    const party = (await w.rest('POST', `/api/sessions/${m.sessionId}/livekit-token`, m.party.partyToken)).body;
    const s = await connect(party.token);
    await s.next('join');
    const room = w.server.rooms.get(m.roomId)!;
    room.admit(party.identity);
    await s.next('update');
    room.removeParticipant(party.identity, 'lobby');
    const leave = await s.next('leave');
    expect(leave.action).toBe(2); // LeaveRequest_Action.RECONNECT
    const again = await connect(party.token);
    const join = await again.next('join');
    expect(join.participant?.permission).toMatchObject({ canSubscribe: false, canPublish: false });
    expect(room.isWaiting(room.lobby.get(party.identity)!)).toBe(true);
  });
});

