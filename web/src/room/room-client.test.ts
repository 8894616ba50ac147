import { afterEach, describe, expect, it } from 'vitest';
import { RoomClient } from './room-client';
import type { SignalSocket } from './signal';
import { installTestHook } from './test-hook';

type Ack = (res: unknown) => void;

/** A connected socket.io client stand-in: requests are answered from `answers`, notifications pushed with `notify`. */
class FakeSocket {
  connected = true;
  readonly sent: string[] = [];
  private readonly listeners = new Map<string, Array<(p?: unknown) => void>>();
  constructor(private readonly answers: Record<string, unknown>) {}
  on(event: string, l: (p?: unknown) => void): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), l]);
    return this;
  }
  once(event: string, l: (p?: unknown) => void): this {
    return this.on(event, l);
  }
  emit(name: string, _payload: unknown, ack: Ack): this {
    this.sent.push(name);
    ack(this.answers[name] ?? { ok: true });
    return this;
  }
  notify(event: string, payload: unknown): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }
  removeAllListeners(): this {
    this.listeners.clear();
    return this;
  }
  disconnect(): this {
    this.connected = false;
    return this;
  }
}

const waitingSeat = {
  ok: true,
  roomId: 'room-1',
  peerId: 'peer-v',
  displayName: '李四',
  role: 'party',
  resumeToken: 'rt',
  graceMs: 30_000,
  admission: 'waiting',
  lobby: [],
  peers: [],
  hostId: null,
  caucus: [],
  locked: false,
  chat: [],
  shownDocument: null,
  hands: [],
  hostMutes: [],
  routerRtpCapabilities: { codecs: [] },
  iceServers: [],
};

function client(answers: Record<string, unknown>) {
  const socket = new FakeSocket(answers);
  const c = new RoomClient({ token: 't', publish: { camera: false, microphone: false }, socket: socket as unknown as SignalSocket });
  return { c, socket };
}

describe('RoomClient endReason', () => {
  afterEach(() => installTestHook(undefined));

  it('a seat the server ended is { seatEnded, reason } and the client leaves; the page hook reads the word', async () => {
    (globalThis as { window?: unknown }).window ??= globalThis;
    const { c, socket } = client({ join: waitingSeat });
    installTestHook(c);
    await c.join();
    expect([c.state, c.admission, c.host.hostId]).toEqual(['joined', 'waiting', null]);
    socket.notify('sessionEnded', { reason: 'removed' });
    expect(c.endReason).toEqual({ kind: 'seatEnded', reason: 'removed' });
    expect(c.state).toBe('left');
    expect(socket.sent).toEqual(['join', 'leave']);
    const page = window.__shuoshi!.client!;
    expect(page.endReason).toBe('removed');
    expect(Object.keys(page.marks)).toEqual(['join', 'joined']);
  });

  it('a refused join is { refused, code }: the state is failed, and the page hook reads the code', async () => {
    (globalThis as { window?: unknown }).window ??= globalThis;
    const { c } = client({ join: { ok: false, error: { code: 'DECLINED', message: 'declined earlier' } } });
    installTestHook(c);
    await expect(c.join()).rejects.toThrow('DECLINED');
    expect(c.endReason).toEqual({ kind: 'refused', code: 'DECLINED' });
    expect(c.state).toBe('failed');
    expect(window.__shuoshi!.client!.endReason).toBe('DECLINED');
  });

  it('a seat lost for a reason the client recovers from is not an end: it joins afresh', async () => {
    const { c, socket } = client({ join: waitingSeat });
    await c.join();
    socket.notify('sessionEnded', { reason: 'timeout' });
    expect(c.endReason).toBeUndefined();
    await expect.poll(() => c.counters.rejoins).toBe(1);
    expect(c.state).toBe('joined');
  });
});
