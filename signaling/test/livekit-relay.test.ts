import { SignalRequest, LeaveRequest_Action, DisconnectReason } from '@livekit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '@shuoshi/protocol';
import { mintLiveKitToken } from '../src/livekit/tokens';
import { RELAYED_HEADER } from '../src/livekit/relay';
import { Cluster, NodeClient } from './support/cluster';
import { Signal } from './support/livekit-signal';

/**
 * LiveKit's signal relay between our nodes (issue #17), on the wire: real node processes on
 * Redis and PostgreSQL, a raw LiveKit signal WebSocket. A LiveKit client that reaches a node
 * not hosting its room is piped to the room's node (it cannot be redirected); the relay
 * adds no authority: a token that fails there never opens one, a forged relay header only
 * loses the relay, and neither token nor URL query ever reaches a log.
 */
const ready = Boolean(process.env.REDIS_URL && process.env.DATABASE_URL);
const LIVEKIT = { apiKey: 'APIshuoshiRelay', apiSecret: 'livekit-relay-secret-livekit-relay-secret-01' };
const ROOM = 'room-lk-relay';

describe.skipIf(!ready)('the LiveKit signal relay between nodes', () => {
  let cluster: Cluster;
  let mediator: NodeClient;
  const open: Signal[] = [];
  const tokens: string[] = [];
  const token = async (roomId: string, peerId: string, role: Role = 'lawyer', cfg = LIVEKIT) => {
    const t = (await mintLiveKitToken(cfg, { roomId, role, displayName: '王律师', peerId, autoAdmit: true }, 600)).token;
    tokens.push(t);
    return t;
  };
  const connect = async (node: string, t: string, extra: Record<string, string> = {}, headers: Record<string, string> = {}) => {
    const s = await Signal.open(cluster.node(node).url, { access_token: t, auto_subscribe: '1', sdk: 'js', version: '2.23.0', protocol: '16', ...extra }, headers);
    open.push(s);
    return s;
  };
  const log = (node: string) => cluster.node(node).output.join('');
  const relayLines = (node: string) => log(node).split('\n').filter((l) => l.includes('LiveKit signal relayed'));
  const seenByMediator = (peerId: string) => mediator.events.some((e) => e.event === 'peerJoined' && e.payload?.peer?.peerId === peerId);

  beforeAll(async () => {
    cluster = await Cluster.create({ LIVEKIT_API_KEY: LIVEKIT.apiKey, LIVEKIT_API_SECRET: LIVEKIT.apiSecret, LOG_LEVEL: 'info', ROOM_LEASE_MS: '2000' });
    await Promise.all(['r1', 'r2'].map((n) => cluster.start(n)));
    // our web client comes in by r2; an empty deployment places the room on r1 (by name)
    mediator = new NodeClient(cluster.node('r2').url);
    await mediator.seatBy('join', { token: await cluster.token(ROOM, 'mediator', '调解员', 'm-relay') });
    expect(cluster.nameOf(mediator.url)).toBe('r1');
  }, 120_000);

  afterAll(async () => {
    for (const s of open) s.close();
    mediator?.close();
    await cluster?.stop();
  });

  it('a token not signed with our key is refused by the node it reaches: no relay opens', async () => {
    const forged = await token(ROOM, 'lk-forged-key', 'lawyer', { apiKey: LIVEKIT.apiKey, apiSecret: 'someone-elses-secret-someone-elses-secret' });
    await expect(connect('r2', forged)).rejects.toMatchObject({ status: 401 });
    expect(relayLines('r2')).toEqual([]);
    expect(log('r1')).not.toContain('lk-forged-key');
  });

  it('a forged relay header only loses the relay: told to reconnect, never seated, never relayed', async () => {
    const s = await connect('r2', await token(ROOM, 'lk-forged-hdr'), {}, { [RELAYED_HEADER]: '1' });
    const leave = await s.next('leave');
    expect(leave.action).toBe(LeaveRequest_Action.RECONNECT);
    await expect.poll(() => s.closed).toMatchObject({ code: 1000, reason: 'ROOM_ELSEWHERE' });
    expect(s.messages.some((m) => m.message.case === 'join')).toBe(false);
    expect(relayLines('r2')).toEqual([]);
    expect(log('r1')).not.toContain('lk-forged-hdr');
    expect(seenByMediator('lk-forged-hdr')).toBe(false);
  });

  let sid = '';
  it('through the other node: joins the room on its node, messages verbatim both ways (binary as binary, text as text)', async () => {
    const s = await connect('r2', await token(ROOM, 'lk-relay'));
    const join = await s.next('join');
    expect(join.room?.name).toBe(ROOM);
    expect(join.participant?.identity).toBe('lk-relay');
    expect(join.otherParticipants.map((p) => p.identity)).toEqual(['m-relay']);
    sid = join.participant!.sid;
    // the room's node offers its own candidates: media goes there, not through r2
    expect((await s.next('offer')).sdp).toMatch(/a=candidate:/);
    await expect.poll(() => seenByMediator('lk-relay'), { timeout: 10_000 }).toBe(true);
    // the server reads a JSON text message only as text: it arrives as text through the relay
    s.ws.send(new SignalRequest({ message: { case: 'ping', value: 4321n } }).toJsonString());
    expect(await s.next('pong')).toBe(4321n);
    s.send({ case: 'ping', value: 8765n });
    expect(await s.next('pong')).toBe(8765n);
    expect(s.frames.every((f) => f.isBinary)).toBe(true);
    // r2 relayed it (roomId and peerId bound); r1 relayed nothing
    expect(relayLines('r2')).toHaveLength(1);
    expect(relayLines('r2')[0]).toContain(`"roomId":"${ROOM}"`);
    expect(relayLines('r2')[0]).toContain('"peerId":"lk-relay"');
    expect(relayLines('r1')).toEqual([]);
    // a dropped connection resumes through the relay (reconnect=1&sid= reach the room's node)
    s.ws.close(4000, 'test: network lost');
    await expect.poll(() => s.closed).toBeDefined();
    const again = await connect('r2', tokens.at(-1)!, { reconnect: '1', sid });
    await again.next('reconnect');
    expect(relayLines('r2')).toHaveLength(2);
  });

  it('the room’s node closing the connection closes the client’s, with its code and reason', async () => {
    const s = open.at(-1)!;
    const ack = await mediator.request('host:remove', { peerId: 'lk-relay' });
    expect(ack).toMatchObject({ ok: true });
    const leave = await s.next('leave');
    expect(leave).toMatchObject({ action: LeaveRequest_Action.DISCONNECT, reason: DisconnectReason.PARTICIPANT_REMOVED });
    await expect.poll(() => s.closed).toEqual({ code: 1000, reason: 'leave' });
    // removed for good: r2's own check refuses it before any relay opens (the removal is in the shared database)
    await expect(connect('r2', tokens.at(-1)!)).rejects.toMatchObject({ status: 403 });
    expect(relayLines('r2')).toHaveLength(2);
  });

  it('a token for another room seats nobody in this one', async () => {
    const s = await connect('r2', await token('room-lk-other', 'lk-other'));
    const join = await s.next('join');
    expect(join.room?.name).toBe('room-lk-other');
    expect(join.otherParticipants).toEqual([]);
    expect(seenByMediator('lk-other')).toBe(false);
  });

  it('no log line holds a token or the URL query', () => {
    for (const n of ['r1', 'r2']) {
      const text = log(n);
      expect(text).not.toContain('access_token');
      for (const t of tokens) expect(text).not.toContain(t);
    }
  });
});
