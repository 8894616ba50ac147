import { describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Ack } from '@shuoshi/protocol';
import { issueRoomToken } from '../auth/room-token';
import { FakeMediaHost } from '../rooms/fake-media';
import { RoomRegistry } from '../rooms/registry';
import type { RoomAuditEntry } from '../rooms/room-audit';
import { SocketSession, type SignallingDeps } from './context';
import { bindRequests } from './dispatch';
import { handlers } from './table';

const log = pino({ level: 'silent' });
const secret = 'host-test-secret-0123456789abcdef';

/** A socket.io-like source whose `send` plays a client request and resolves with the ack. */
class FakeSocket {
  readonly id = `sock-${Math.random().toString(36).slice(2)}`;
  private listeners = new Map<string, (...a: unknown[]) => void>();
  on(e: string, l: (...a: unknown[]) => void) {
    this.listeners.set(e, l);
  }
  readonly emitted: Array<[string, unknown]> = [];
  /** What reached the client, in order: notifications by name, acks as `ack:<request>`. */
  readonly timeline: string[] = [];
  onAny() {}
  emit(e: string, p: unknown) {
    this.emitted.push([e, p]);
    this.timeline.push(e);
    return true;
  }
  send(event: string, payload: unknown): Promise<Ack<Record<string, unknown>>> {
    return new Promise((resolve) =>
      this.listeners.get(event)?.(payload, (ack: Ack<Record<string, unknown>>) => {
        this.timeline.push(`ack:${event}`);
        resolve(ack);
      }),
    );
  }
}

function setup() {
  const audited: RoomAuditEntry[] = [];
  const deps: SignallingDeps = {
    rooms: new RoomRegistry(new FakeMediaHost(), { graceMs: 1000, log }),
    config: { authSecret: secret, peerGraceMs: 1000, turn: undefined },
    log,
    audit: async (e) => void audited.push(e),
  };
  const connect = async (role: 'mediator' | 'party' | 'lawyer', peerId: string, expectOk = true) => {
    const socket = new FakeSocket();
    bindRequests(socket, { session: new SocketSession(socket, log), deps }, handlers);
    const { token } = await issueRoomToken(secret, { roomId: 'r-host', role, displayName: peerId, peerId, autoAdmit: true });
    const res = await socket.send('join', { token });
    if (expectOk) expect(res).toMatchObject({ ok: true });
    return Object.assign(socket, { joined: res });
  };
  return { audited, deps, connect };
}

describe('host controls', () => {
  it('hand the host role to a co-mediator; the old host is refused from then on', async () => {
    const { connect, audited } = setup();
    const host = await connect('mediator', 'host');
    const co = await connect('mediator', 'co');
    const party = await connect('party', 'p1');
    expect(party.joined).toMatchObject({ hostId: 'host', caucus: [], locked: false });
    expect(await host.send('host:move', { peerId: 'co', label: 'A' })).toMatchObject({ ok: true });
    expect((await connect('lawyer', 'l1')).joined).toMatchObject({ caucus: [{ label: 'A', peerIds: ['co'] }] });
    expect(await co.send('host:end', {})).toMatchObject({ ok: false, error: { code: 'NOT_HOST' } });
    expect(await host.send('host:handoff', { peerId: 'p1' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await host.send('host:handoff', { peerId: 'co' })).toEqual({ ok: true });
    expect(party.emitted).toContainEqual(['hostChanged', { peerId: 'co' }]);
    expect(await host.send('host:mute', { peerId: 'p1', source: 'microphone', muted: true })).toMatchObject({ ok: false, error: { code: 'NOT_HOST' } });
    expect(await co.send('host:mute', { peerId: 'p1', source: 'microphone', muted: true })).toEqual({ ok: true });
    expect(audited.map((a) => [a.action, a.actor.peerId])).toEqual([
      ['room.caucus.move', 'host'],
      ['room.host.handoff', 'host'],
      ['room.mute', 'co'],
    ]);
  });

  it('remove a participant for good, raise a hand, end the session for everyone', async () => {
    const { connect } = setup();
    const host = await connect('mediator', 'host');
    const p1 = await connect('party', 'p1');
    const p2 = await connect('party', 'p2');
    expect(await p2.send('host:remove', { peerId: 'p1' })).toMatchObject({ ok: false, error: { code: 'NOT_HOST' } });
    expect(await host.send('host:remove', { peerId: 'p1' })).toEqual({ ok: true });
    expect(p1.emitted).toContainEqual(['sessionEnded', { reason: 'removed' }]);
    expect(p2.emitted).toContainEqual(['peerLeft', { peerId: 'p1', reason: 'removed' }]);
    expect((await connect('party', 'p1', false)).joined).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    expect(await p2.send('raiseHand', { raised: true })).toEqual({ ok: true });
    expect(host.emitted).toContainEqual(['handRaised', { peerId: 'p2', raised: true }]);

    expect(await p2.send('host:end', {})).toMatchObject({ ok: false, error: { code: 'NOT_HOST' } });
    expect(await host.send('host:end', {})).toEqual({ ok: true });
    expect(p2.emitted).toContainEqual(['sessionEnded', { reason: 'ended' }]);
    expect(await p2.send('raiseHand', { raised: false })).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
  });
});

describe('room lock', () => {
  it('a locked room admits nobody new; a seated peer may re-take their seat; unlocking admits again', async () => {
    const { connect, audited } = setup();
    const host = await connect('mediator', 'host');
    const p1 = await connect('party', 'p1');
    expect(await p1.send('host:lock', { locked: true })).toMatchObject({ ok: false, error: { code: 'NOT_HOST' } });
    expect(await host.send('host:lock', { locked: true })).toEqual({ ok: true });
    expect(p1.emitted).toContainEqual(['roomLocked', { locked: true }]);
    expect((await connect('party', 'p2', false)).joined).toMatchObject({ ok: false, error: { code: 'ROOM_LOCKED' } });
    expect((await connect('party', 'p1', false)).joined).toMatchObject({ ok: true }); // a reload
    expect(await host.send('host:lock', { locked: false })).toEqual({ ok: true });
    await connect('party', 'p2');
    expect(audited.map((a) => a.action)).toEqual(['room.lock', 'room.unlock']);
  });
});

describe('host requests', () => {
  it('refuse anyone but the host with NOT_HOST; the host moves people and each move is audited', async () => {
    const audited: RoomAuditEntry[] = [];
    const deps: SignallingDeps = {
      rooms: new RoomRegistry(new FakeMediaHost(), { graceMs: 1000, log }),
      config: { authSecret: secret, peerGraceMs: 1000, turn: undefined },
      log,
      audit: async (e) => void audited.push(e),
    };
    const connect = async (role: 'mediator' | 'party' | 'lawyer', peerId: string) => {
      const socket = new FakeSocket();
      bindRequests(socket, { session: new SocketSession(socket, log), deps }, handlers);
      const { token } = await issueRoomToken(secret, { roomId: 'r-host', role, displayName: peerId, peerId, autoAdmit: true });
      expect(await socket.send('join', { token })).toMatchObject({ ok: true });
      return socket;
    };
    const host = await connect('mediator', 'host');
    const party = await connect('party', 'p1');
    const lawyer = await connect('lawyer', 'l1');
    for (const socket of [party, lawyer]) {
      expect(await socket.send('host:move', { peerId: 'p1', groupId: 'A' })).toMatchObject({ ok: false, error: { code: 'NOT_HOST' } });
      expect(await socket.send('host:caucus:set', { groups: [] })).toMatchObject({ ok: false, error: { code: 'NOT_HOST' } });
      expect(await socket.send('host:mute', { peerId: 'p1', source: 'microphone', muted: true })).toMatchObject({ ok: false, error: { code: 'NOT_HOST' } });
    }
    expect(audited).toEqual([]);
    const moved = await host.send('host:move', { peerId: 'p1', label: 'A' });
    expect(moved).toEqual({ ok: true, groups: [{ groupId: expect.stringMatching(/^g-/), label: 'A', peerIds: ['p1'] }] });
    const groupId = (moved as unknown as { groups: Array<{ groupId: string }> }).groups[0]!.groupId;
    expect(await host.send('host:move', { peerId: 'nobody', label: 'A' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await host.send('host:move', { peerId: 'p1', groupId: 'A' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } }); // not a group that exists
    expect(await host.send('host:move', { peerId: 'p1' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await host.send('host:move', { peerId: 'p1', groupId: null, label: 'B' })).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(await host.send('host:caucus:set', { groups: [] })).toEqual({ ok: true, groups: [] });
    expect(audited).toEqual([
      { roomId: 'r-host', actor: { peerId: 'host', role: 'mediator' }, action: 'room.caucus.move', details: { peerId: 'p1', from: null, to: groupId, label: 'A' } },
      { roomId: 'r-host', actor: { peerId: 'host', role: 'mediator' }, action: 'room.caucus.set', details: { groups: [] } },
    ]);
  });
});

describe('lobby requests', () => {
  it('a host who admits the moment a seat enters the lobby: the joiner has its ack (waiting) before `admitted`, never the other way round', async () => {
    const { deps, connect } = setup();
    const host = await connect('mediator', 'host');
    const waiter = new FakeSocket();
    bindRequests(waiter, { session: new SocketSession(waiter, log), deps }, handlers);
    // the mediator at their desk admits whoever arrives, at once (admitOnArrival in the browser tests): while the join is answered
    const hostEmit = host.emit.bind(host);
    host.emit = (e: string, p: unknown) => {
      if (e === 'lobbyChanged' && (p as { waiting: Array<{ peerId: string }> }).waiting.some((w) => w.peerId === 'w2')) queueMicrotask(() => void host.send('host:admit', { peerId: 'w2' }));
      return hostEmit(e, p);
    };
    const { token } = await issueRoomToken(secret, { roomId: 'r-host', role: 'party', displayName: '李大爷', peerId: 'w2', talkRoom: '西村' });
    expect(await waiter.send('join', { token })).toMatchObject({ ok: true, admission: 'waiting' });
    await new Promise((r) => setImmediate(r));
    expect(waiter.timeline).toEqual(['ack:join', 'admitted']);
  });

  it('a waiting seat gets a waiting ack and NOT_ADMITTED for media and chat; the host sees, admits (audited) and the seat leaves freely', async () => {
    const { deps, audited, connect } = setup();
    const waiter = new FakeSocket();
    bindRequests(waiter, { session: new SocketSession(waiter, log), deps }, handlers);
    const { token } = await issueRoomToken(secret, { roomId: 'r-host', role: 'party', displayName: '王大妈', peerId: 'w1', talkRoom: '东村' });
    expect(await waiter.send('join', { token })).toMatchObject({ ok: true, admission: 'waiting', peers: [], hostId: null, lobby: [], chat: [] });
    for (const [name, payload] of [['createTransport', { direction: 'recv' }], ['raiseHand', { raised: true }], ['chat:send', { text: 'hi' }], ['chat:history', {}]] as const)
      expect(await waiter.send(name, payload), name).toMatchObject({ ok: false, error: { code: 'NOT_ADMITTED' } });

    const host = await connect('mediator', 'host');
    expect(host.joined).toMatchObject({ admission: 'admitted', lobby: [{ peerId: 'w1', displayName: '王大妈', role: 'party', talkRoom: '东村', connection: 'connected' }] });
    const party = await connect('party', 'p1');
    expect(await party.send('host:admit', { peerId: 'w1' })).toMatchObject({ ok: false, error: { code: 'NOT_HOST' } });
    expect(party.joined).toMatchObject({ lobby: [] }); // only mediators see who waits
    expect(await host.send('host:admit', { peerId: 'nobody' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await host.send('host:admit', { peerId: 'w1' })).toMatchObject({ ok: true });
    expect(waiter.emitted.filter(([e]) => e === 'admitted')).toHaveLength(1);
    expect(await waiter.send('chat:send', { text: '我到了' })).toMatchObject({ ok: true, message: { text: '我到了', groupId: null } });
    expect(audited.map((a) => [a.action, a.details])).toEqual([['room.admit', { peerId: 'w1' }]]);
    expect(await host.send('host:remove', { peerId: 'w1', to: 'lobby' })).toMatchObject({ ok: true });
    expect(await waiter.send('leave', {})).toMatchObject({ ok: true });
    expect(deps.rooms.get('r-host')!.lobby.size).toBe(0);
  });
});
