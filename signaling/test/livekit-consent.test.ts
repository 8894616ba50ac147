import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestResponse_Reason, UpdateParticipantMetadata, type ParticipantUpdate } from '@livekit/protocol';
import { mediationWithParty, startLiveWorld, type LiveWorld } from './support/live-world';
import { LIVEKIT, Signal } from './support/livekit-signal';
import { joinRoom, type RoomSocket } from './support/room-socket';

/**
 * Recording consent from a LiveKit participant at the protocol level (raw WebSocket, as
 * livekit-client speaks it): the question as its own `shuoshi.consent` attribute, the
 * room's recording as `Room.activeRecording`, the answer as `UpdateParticipantMetadata`
 * carrying only that attribute. Attacker cases first.
 */
const KEY = 'shuoshi.consent';

describe('recording consent from a LiveKit participant', () => {
  let w: LiveWorld;
  const open: Array<{ close(): void }> = [];
  beforeAll(async () => {
    w = await startLiveWorld({ env: { LIVEKIT_API_KEY: LIVEKIT.apiKey, LIVEKIT_API_SECRET: LIVEKIT.apiSecret } });
  });
  afterAll(async () => {
    for (const s of open) s.close();
    await w?.server.stop();
  });

  const connect = async (token: string) => {
    const s = await Signal.open(w.server.url, { access_token: token, auto_subscribe: '1', sdk: 'js', version: '2.23.0', protocol: '16' });
    open.push(s);
    return s;
  };
  let nextRequestId = 1;
  /** What livekit-client's setAttributes / setName / setMetadata send (its current name and metadata ride along). */
  const update = (s: Signal, fields: { name?: string; metadata?: string; attributes?: Record<string, string> }) => {
    const requestId = nextRequestId++;
    s.send({ case: 'updateMetadata', value: new UpdateParticipantMetadata({ requestId, name: fields.name ?? '', metadata: fields.metadata ?? '', attributes: fields.attributes ?? {} }) });
    return requestId;
  };
  const answerOf = async (s: Signal, requestId: number) => s.next('requestResponse', 10_000, (r) => r.requestId === requestId);
  const selfConsent = (identity: string) => (u: ParticipantUpdate) => u.participants.some((p) => p.identity === identity);
  const consentIn = (u: ParticipantUpdate, identity: string) => u.participants.find((p) => p.identity === identity)?.attributes[KEY];

  /** A mediation with the host on our socket.io client and party p1 admitted on LiveKit. */
  const world = async () => {
    const m = await mediationWithParty(w);
    const { socket: host, ack } = await joinRoom(w.server.url, m.hostJoin.token);
    open.push(host);
    expect(ack.ok).toBe(true);
    const lk = (await w.rest('POST', `/api/sessions/${m.sessionId}/livekit-token`, m.party.partyToken)).body as { token: string; identity: string };
    const s = await connect(lk.token);
    const join = await s.next('join');
    const room = w.server.rooms.get(m.roomId)!;
    room.admit(lk.identity);
    await s.next('update', 10_000, selfConsent(lk.identity));
    return { m, host, s, lk, room, join };
  };
  const rows = (sessionId: string) => w.server.db.prisma.consentRecord.findMany({ where: { sessionId }, orderBy: { at: 'asc' } });
  const start = async (host: RoomSocket) => expect(await host.request('recording:start', {})).toMatchObject({ ok: true, state: 'awaiting-consent' });

  it('refuses an answer when nothing is asked, and an answer from a participant waiting in the lobby', async () => {
    const { m, host, s, lk } = await world();
    // no round: the answer changes nothing and is written nowhere
    let r = await answerOf(s, update(s, { attributes: { [KEY]: 'agree' } }));
    expect(r.reason).toBe(RequestResponse_Reason.NOT_ALLOWED);
    expect(await rows(m.sessionId)).toEqual([]);

    // p2 on LiveKit, waiting in the lobby while the round is asked
    const p2 = (await w.rest('POST', '/api/auth/invite-code', undefined, { sessionId: m.sessionId, code: await m.codeFor(w.org.parties.p2) })).body;
    const lk2 = (await w.rest('POST', `/api/sessions/${m.sessionId}/livekit-token`, p2.partyToken)).body as { token: string; identity: string };
    const waiting = await connect(lk2.token);
    const join = await waiting.next('join');
    expect(join.participant?.attributes[KEY]).toBeUndefined();
    await start(host);
    await s.next('update', 10_000, (u) => consentIn(u, lk.identity) === 'asked');
    r = await answerOf(waiting, update(waiting, { attributes: { [KEY]: 'agree' } }));
    expect(r.reason).toBe(RequestResponse_Reason.NOT_ALLOWED);
    const info = w.server.roomRecordings.get(w.server.rooms.get(m.roomId)!)!.info();
    expect(info.pending).not.toContain(lk2.identity);
    expect(info.agreed).toEqual([]);
    expect(await rows(m.sessionId)).toEqual([]);
  });

  it('refuses anything but its own answer: another participant, its name, metadata, seat claims, garbage values', async () => {
    const { m, host, s, lk, join } = await world();
    await start(host);
    await s.next('update', 10_000, (u) => consentIn(u, lk.identity) === 'asked');
    const myName = join.participant!.name;
    const attempts: Array<[Parameters<typeof update>[1], RequestResponse_Reason]> = [
      // the protocol has no way to name another identity: an attribute that tries is refused
      [{ attributes: { [KEY]: 'agree', 'shuoshi.onBehalfOf': m.hostJoin.peerId } }, RequestResponse_Reason.UNSUPPORTED_TYPE],
      [{ attributes: { 'shuoshi.consent.for': m.hostJoin.peerId } }, RequestResponse_Reason.UNSUPPORTED_TYPE],
      [{ attributes: { 'shuoshi.role': 'mediator' } }, RequestResponse_Reason.UNSUPPORTED_TYPE],
      [{ attributes: { 'shuoshi.host': '1' } }, RequestResponse_Reason.UNSUPPORTED_TYPE],
      [{ name: '调解员', attributes: { [KEY]: 'agree' } }, RequestResponse_Reason.UNSUPPORTED_TYPE],
      [{ name: '调解员' }, RequestResponse_Reason.UNSUPPORTED_TYPE],
      [{ name: myName, metadata: '{"role":"mediator"}', attributes: { [KEY]: 'agree' } }, RequestResponse_Reason.UNSUPPORTED_TYPE],
      [{ name: myName }, RequestResponse_Reason.UNSUPPORTED_TYPE],
      [{ name: myName, attributes: { [KEY]: 'yes' } }, RequestResponse_Reason.INVALID_REQUEST],
      [{ name: myName, attributes: { [KEY]: 'AGREE' } }, RequestResponse_Reason.INVALID_REQUEST],
      [{ name: myName, attributes: { [KEY]: 'agreed' } }, RequestResponse_Reason.INVALID_REQUEST],
      [{ name: myName, attributes: { [KEY]: '' } }, RequestResponse_Reason.INVALID_REQUEST],
      [{ name: myName, attributes: { [KEY]: 'agree ' } }, RequestResponse_Reason.INVALID_REQUEST],
    ];
    for (const [fields, reason] of attempts) {
      const r = await answerOf(s, update(s, fields));
      expect({ fields, reason: r.reason }).toEqual({ fields, reason });
    }
    const info = w.server.roomRecordings.get(w.server.rooms.get(m.roomId)!)!.info();
    expect(info).toMatchObject({ state: 'awaiting-consent', agreed: [] });
    expect(info.pending).toEqual(expect.arrayContaining([lk.identity, m.hostJoin.peerId]));
    expect(await rows(m.sessionId)).toEqual([]);
    expect(w.server.rooms.get(m.roomId)!.peers.get(lk.identity)!.displayName).toBe(myName);
  });

  it('is asked, answers once (a repeat writes nothing), sees recording start and stop; the answer is on the ledger and audited as socket.io’s', async () => {
    const { m, host, s, lk, join } = await world();
    expect(join.room?.activeRecording).toBe(false);
    expect(join.participant?.attributes[KEY]).toBeUndefined();
    await start(host);
    await s.next('update', 10_000, (u) => consentIn(u, lk.identity) === 'asked');
    // livekit-client's setAttributes: its current name and no metadata ride along
    const name = join.participant!.name;
    let r = await answerOf(s, update(s, { name, attributes: { [KEY]: 'agree' } }));
    expect(r.reason).toBe(RequestResponse_Reason.OK);
    await s.next('update', 10_000, (u) => consentIn(u, lk.identity) === 'agree');
    r = await answerOf(s, update(s, { name, attributes: { [KEY]: 'agree' } }));
    expect(r.reason).toBe(RequestResponse_Reason.OK);
    expect((await rows(m.sessionId)).map((c) => c.decision)).toEqual(['AGREE']);
    // still asking the host: nothing is recorded yet
    expect(s.messages.some((x) => x.message.case === 'roomUpdate' && x.message.value.room?.activeRecording)).toBe(false);
    expect(await host.request('consent:give', { decision: 'agree' })).toMatchObject({ ok: true, state: 'recording' });
    expect((await s.next('roomUpdate', 10_000, (u) => u.room?.activeRecording === true)).room?.name).toBe(m.roomId);
    await expect.poll(async () => w.server.db.prisma.auditLog.count({ where: { action: 'room.consent.agree', actorId: lk.identity } }), { timeout: 10_000 }).toBe(1);
    expect(await host.request('recording:stop', {})).toMatchObject({ ok: true, state: 'stopped' });
    await s.next('roomUpdate', 10_000, (u) => u.room?.activeRecording === false);
    await s.next('update', 10_000, (u) => u.participants.some((p) => p.identity === lk.identity && p.attributes[KEY] === undefined));
    // the round is over: an answer now is refused
    r = await answerOf(s, update(s, { name, attributes: { [KEY]: 'agree' } }));
    expect(r.reason).toBe(RequestResponse_Reason.NOT_ALLOWED);
  });

  it('a decline ends the round for everyone; a later agree is refused, the same decline again is harmless', async () => {
    const { m, host, s, lk, join } = await world();
    await start(host);
    expect(await host.request('consent:give', { decision: 'agree' })).toMatchObject({ ok: true });
    await s.next('update', 10_000, (u) => consentIn(u, lk.identity) === 'asked');
    const name = join.participant!.name;
    let r = await answerOf(s, update(s, { name, attributes: { [KEY]: 'decline' } }));
    expect(r.reason).toBe(RequestResponse_Reason.OK);
    await s.next('update', 10_000, (u) => consentIn(u, lk.identity) === 'decline');
    await expect.poll(() => host.events.filter((e) => e.event === 'recordingState').at(-1)?.payload.state, { timeout: 10_000 }).toBe('stopped');
    expect(host.events.filter((e) => e.event === 'recordingState').at(-1)?.payload.declined).toEqual([lk.identity]);
    r = await answerOf(s, update(s, { name, attributes: { [KEY]: 'agree' } }));
    expect(r.reason).toBe(RequestResponse_Reason.NOT_ALLOWED);
    r = await answerOf(s, update(s, { name, attributes: { [KEY]: 'decline' } }));
    expect(r.reason).toBe(RequestResponse_Reason.OK);
    const ledger = await rows(m.sessionId);
    expect(ledger.map((c) => c.decision)).toEqual(['AGREE', 'DECLINE']);
    expect(ledger[1]!.partyId).toBe(w.org.parties.p1);
    expect(w.server.roomRecordings.get(w.server.rooms.get(m.roomId)!)!.info()).toMatchObject({ state: 'stopped', agreed: [], pending: [] });
  });

  it('admitted while recording: told at once (activeRecording, asked), and not recorded until it agrees', async () => {
    const m = await mediationWithParty(w);
    const { socket: host } = await joinRoom(w.server.url, m.hostJoin.token);
    open.push(host);
    await start(host);
    expect(await host.request('consent:give', { decision: 'agree' })).toMatchObject({ ok: true, state: 'recording' });
    const lk = (await w.rest('POST', `/api/sessions/${m.sessionId}/livekit-token`, m.party.partyToken)).body as { token: string; identity: string };
    const s = await connect(lk.token);
    await s.next('join');
    const room = w.server.rooms.get(m.roomId)!;
    room.admit(lk.identity);
    await s.next('update', 10_000, (u) => consentIn(u, lk.identity) === 'asked');
    await s.next('roomUpdate', 10_000, (u) => u.room?.activeRecording === true);
    const rec = w.server.roomRecordings.get(room)!;
    expect(rec.consent.mayRecord(lk.identity)).toBe(false);
    expect(rec.consent.mayRecord(m.hostJoin.peerId)).toBe(true);
  });
});
