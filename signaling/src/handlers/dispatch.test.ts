import { describe, expect, it } from 'vitest';
import pino from 'pino';
import { issueRoomToken } from '../auth/room-token';
import { FakeMediaHost } from '../rooms/fake-media';
import { RoomRegistry } from '../rooms/registry';
import { SocketSession, type HandlerTable, type SignallingDeps } from './context';
import { RequestBudget, bindRequests } from './dispatch';
import { handlers } from './table';
import { AppError } from '../errors';

const log = pino({ level: 'silent' });
const secret = 'dispatch-test-secret-0123456789abcdef';

/** A socket.io-like event source: `send` plays a client emit and resolves with the ack. */
class FakeSocket {
  readonly id = `sock-${Math.random().toString(36).slice(2)}`;
  readonly emitted: Array<[string, unknown]> = [];
  private listeners = new Map<string, (...a: unknown[]) => void>();
  private any: Array<(e: string, ...a: unknown[]) => void> = [];
  on(e: string, l: (...a: unknown[]) => void) {
    this.listeners.set(e, l);
  }
  onAny(l: (e: string, ...a: unknown[]) => void) {
    this.any.push(l);
  }
  disconnects = 0;
  disconnect() {
    this.disconnects++;
  }
  emit(e: string, p: unknown) {
    this.emitted.push([e, p]);
    return true;
  }
  send(event: string, ...args: unknown[]): Promise<any> {
    return new Promise((resolve) => {
      const full = [...args, resolve];
      for (const l of this.any) l(event, ...full);
      this.listeners.get(event)?.(...full);
    });
  }
  sendNoAck(event: string, ...args: unknown[]) {
    for (const l of this.any) l(event, ...args);
    this.listeners.get(event)?.(...args);
  }
}

function setup(table: HandlerTable = handlers, budget?: RequestBudget, turn?: SignallingDeps['config']['turn']) {
  const deps: SignallingDeps = {
    rooms: new RoomRegistry(new FakeMediaHost(), { graceMs: 1000, log }),
    config: { authSecret: secret, peerGraceMs: 1000, turn },
    log,
  };
  const socket = new FakeSocket();
  const session = new SocketSession(socket, log);
  bindRequests(socket, { session, deps }, table, budget);
  return { socket, session, deps };
}

const token = async (roomId = 'room-1') => (await issueRoomToken(secret, { roomId, role: 'party', displayName: '张三', autoAdmit: true })).token;

describe('request dispatch', () => {
  it('answers a valid join with the seat', async () => {
    const { socket, session } = setup();
    const res = await socket.send('join', { token: await token() });
    expect(res).toMatchObject({ ok: true, roomId: 'room-1', role: 'party', displayName: '张三', graceMs: 1000, peers: [] });
    expect(res.resumeToken).toEqual(expect.any(String));
    expect(session.peer?.id).toBe(res.peerId);
  });

  it('hands out TURN servers with time-limited credentials when TURN is configured', async () => {
    const { socket } = setup(handlers, undefined, { urls: ['turn:turn.example:3478'], secret: 'turn-secret' });
    const res = await socket.send('join', { token: await token() });
    expect(res.iceServers).toEqual([{ urls: ['turn:turn.example:3478'], username: expect.stringMatching(/^\d+:p-/), credential: expect.any(String) }]);
  });

  it.each([
    ['no payload', []],
    ['a string', ['hello']],
    ['a wrong field', [{ tok: 'x' }]],
    ['an extra field', [{ token: 'x', admin: true }]],
    ['two payloads', [{ token: 'x' }, { token: 'y' }]],
    ['a huge token', [{ token: 'x'.repeat(10_000) }]],
  ])('answers BAD_REQUEST to a join with %s', async (_what, args) => {
    const { socket, session } = setup();
    const res = await socket.send('join', ...args);
    expect(res).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    expect(session.peer).toBeUndefined();
  });

  it('answers UNAUTHORIZED to a forged token and NOT_JOINED before join', async () => {
    const { socket } = setup();
    expect(await socket.send('join', { token: 'eyJhbGciOiJIUzI1NiJ9.e30.x' })).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } });
    expect(await socket.send('createTransport', { direction: 'send' })).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
    expect(await socket.send('leave', {})).toMatchObject({ ok: false, error: { code: 'NOT_JOINED' } });
  });

  it('answers UNKNOWN_REQUEST to events outside the protocol, and ignores requests without an ack', async () => {
    const { socket } = setup();
    expect(await socket.send('dropTables', { all: true })).toMatchObject({ ok: false, error: { code: 'UNKNOWN_REQUEST' } });
    expect(() => socket.sendNoAck('join', { token: 'x' })).not.toThrow();
  });

  it('refuses a second join on a joined socket', async () => {
    const { socket } = setup();
    const t = await token();
    const [a, b] = await Promise.all([socket.send('join', { token: t }), socket.send('join', { token: t })]);
    expect([a.ok, b.ok].sort()).toEqual([false, true]);
    expect(await socket.send('join', { token: t })).toMatchObject({ ok: false, error: { code: 'ALREADY_JOINED' } });
  });

  it('turns a handler crash into INTERNAL without leaking details, and keeps serving', async () => {
    const broken: HandlerTable = {
      ...handlers,
      createTransport: async () => {
        throw new Error('database password is hunter2');
      },
    };
    const { socket } = setup(broken);
    await socket.send('join', { token: await token() });
    const res = await socket.send('createTransport', { direction: 'send' });
    expect(res).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
    expect(await socket.send('createTransport', { direction: 'sideways' })).toMatchObject({ error: { code: 'BAD_REQUEST' } });
    expect(await socket.send('leave', {})).toEqual({ ok: true });
  });

  it('resumes a seat on a new socket and refuses a stale resume token', async () => {
    const first = setup();
    const joined = await first.socket.send('join', { token: await token('r-resume') });
    // the same node, a second socket
    const socket2 = new FakeSocket();
    const session2 = new SocketSession(socket2, log);
    bindRequests(socket2, { session: session2, deps: first.deps }, handlers);
    const resumed = await socket2.send('resume', { resumeToken: joined.resumeToken });
    expect(resumed).toMatchObject({ ok: true, peerId: joined.peerId, producers: [], consumers: [] });
    expect(first.socket.emitted).toContainEqual(['sessionEnded', { reason: 'replaced' }]);
    expect(await first.socket.send('createTransport', { direction: 'recv' })).toMatchObject({ error: { code: 'NOT_JOINED' } });
    await socket2.send('leave', {});
    const socket3 = new FakeSocket();
    bindRequests(socket3, { session: new SocketSession(socket3, log), deps: first.deps }, handlers);
    expect(await socket3.send('resume', { resumeToken: resumed.resumeToken })).toMatchObject({ error: { code: 'SESSION_EXPIRED' } });
  });

  it('rate-limits a flooding socket', async () => {
    const { socket } = setup(handlers, new RequestBudget(1, 5));
    const results = await Promise.all(Array.from({ length: 10 }, () => socket.send('leave', {})));
    expect(results.filter((r) => r.error?.code === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(4);
  });
});

describe('error mapping (one dispatcher for both namespaces)', () => {
  const failing = (err: Error): HandlerTable => ({
    ...handlers,
    leave: async () => {
      throw err;
    },
  });

  it('answers a client mistake whose domain code the protocol lacks with the code of its status, not INTERNAL', async () => {
    for (const [status, code] of [
      [400, 'BAD_REQUEST'],
      [403, 'FORBIDDEN'],
      [404, 'NOT_FOUND'],
    ] as const) {
      const { socket } = setup(failing(new AppError(status, 'SOME_DOMAIN_CODE', 'no')));
      expect(await socket.send('leave', {})).toEqual({ ok: false, error: { code, message: 'no' } });
    }
  });

  it('keeps INTERNAL for what is not a client mistake', async () => {
    const { socket } = setup(failing(new AppError(500, 'SOME_DOMAIN_CODE', 'database password is hunter2')));
    expect(await socket.send('leave', {})).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'internal error' } });
  });
});

describe('the budget against junk', () => {
  it('charges invalid and unknown messages, answers each, and disconnects a socket that keeps on', async () => {
    const { socket } = setup(handlers, new RequestBudget(1, 20));
    const answers = [];
    for (let i = 0; i < 10; i++) answers.push(await socket.send(i % 2 ? 'raiseHand' : 'noSuchRequest', { raised: 'yes' }));
    // checked while the budget lasts, then RATE_LIMITED (before any check): every one answered
    expect(answers.slice(0, 2).map((a) => a.error.code)).toEqual(['UNKNOWN_REQUEST', 'BAD_REQUEST']);
    expect(answers.every((a) => ['UNKNOWN_REQUEST', 'BAD_REQUEST', 'RATE_LIMITED'].includes(a.error.code))).toBe(true);
    expect(answers.some((a) => a.error.code === 'RATE_LIMITED')).toBe(true);
    expect(socket.disconnects).toBe(0);
    // 10 more junk messages at a tenth of the burst each reach the floor (-burst)
    for (let i = 0; i < 10; i++) await socket.send('noSuchRequest', {});
    expect(socket.disconnects).toBeGreaterThanOrEqual(1);
  });

  it('leaves a well-behaved socket connected: over budget it is only RATE_LIMITED', async () => {
    const { socket } = setup(handlers, new RequestBudget(1, 5));
    const results = await Promise.all(Array.from({ length: 50 }, () => socket.send('leave', {})));
    expect(results.filter((r) => r.error?.code === 'RATE_LIMITED').length).toBeGreaterThanOrEqual(40);
    expect(socket.disconnects).toBe(0);
  });
});
