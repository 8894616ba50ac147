import type { Socket } from 'socket.io-client';
import { QUEUE_NAMESPACE } from '@shuoshi/protocol';
import { connected, rawSocket } from '../../signaling/test/support/raw-socket';
import { nextShot, type Rng, type Shot } from './shots';
import type { FuzzTarget } from './server';

/** What became of every request that asked for an ack. */
export class Tally {
  messages = 0;
  acked = 0;
  /** The socket closed (by the server, or a message over the transport's limit) before the ack came. */
  closedBeforeAck = 0;
  unanswered = 0;
  byCode: Record<string, number> = {};
  byKind: Record<string, number> = {};
  serverDisconnects = 0;
  /** A few of the unanswered requests (event, kind, namespace, a glimpse of the payload), to reproduce. */
  readonly unansweredExamples: string[] = [];
  private readonly pending = new Map<Socket, Map<number, string>>();
  private seq = 0;

  /** Sends a shot on `s`, tracking its ack. */
  send(s: Socket, shot: Shot): boolean {
    // socket.io-client would buffer it for a reconnection that never comes: not sent
    if (!s.connected) return false;
    this.messages++;
    this.byKind[shot.kind] = (this.byKind[shot.kind] ?? 0) + 1;
    if (!shot.ack) {
      s.emit(shot.event, ...shot.args);
      return true;
    }
    const id = ++this.seq;
    let set = this.pending.get(s);
    if (!set) this.pending.set(s, (set = new Map()));
    set.set(id, `${(s as unknown as { nsp: string }).nsp} ${shot.kind} ${JSON.stringify(shot.event).slice(0, 40)} ${String(JSON.stringify(shot.args) ?? '').slice(0, 120)}`);
    s.emit(shot.event, ...shot.args, (res: { ok?: boolean; error?: { code?: string } } | undefined) => {
      if (!set.delete(id)) return;
      this.acked++;
      const code = res?.ok ? 'ok' : (res?.error?.code ?? 'MALFORMED_ACK');
      this.byCode[code] = (this.byCode[code] ?? 0) + 1;
    });
    return true;
  }

  inFlight(s: Socket): number {
    return this.pending.get(s)?.size ?? 0;
  }

  /** The socket is gone: what it still waited for was answered by the close. */
  closed(s: Socket, reason: string): void {
    if (reason === 'io server disconnect' || reason.startsWith('transport')) this.serverDisconnects++;
    this.closedBeforeAck += this.pending.get(s)?.size ?? 0;
    this.pending.delete(s);
  }

  /** Waits for outstanding acks (up to `ms`); whatever is still pending on a live socket is unanswered. */
  async settle(ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline && [...this.pending.values()].some((p) => p.size > 0)) await new Promise((r) => setTimeout(r, 50));
    for (const p of this.pending.values()) {
      this.unanswered += p.size;
      for (const what of p.values()) if (this.unansweredExamples.length < 5) this.unansweredExamples.push(what);
    }
    this.pending.clear();
  }
}

/** One attacking socket on a namespace: it (re)connects, sometimes takes a seat, and fires shots with at most `window` in flight. */
export class Attacker {
  private socket: Socket | undefined;
  private ids: string[] = [];
  constructor(
    private readonly target: FuzzTarget,
    private readonly namespace: '/' | '/queue',
    private readonly tally: Tally,
    private readonly rng: Rng,
    private readonly index: number,
    private readonly window = 16,
  ) {}

  private async open(): Promise<Socket> {
    const auth = this.namespace === '/queue' ? { token: this.index % 2 ? this.target.queueTokens.lawyer : this.target.queueTokens.operator } : undefined;
    const s = rawSocket(this.target.url, { namespace: this.namespace === '/queue' ? QUEUE_NAMESPACE : '', auth });
    s.on('disconnect', (reason) => this.tally.closed(s, reason));
    await connected(s);
    this.ids = [];
    if (this.namespace === '/' && this.rng() < 0.6) {
      // a seat of its own, so requests reach the room (join is itself a message)
      this.tally.messages++;
      const role = (['party', 'mediator', 'observer'] as const)[this.index % 3]!;
      const seat = await s.timeout(10_000).emitWithAck('join', { token: await this.target.roomToken(`fuzz-${this.index % 4}`, role, `fuzz${this.index}`) }).catch(() => undefined);
      if (seat?.ok) this.ids.push(seat.peerId, ...seat.peers.map((p: { peerId: string }) => p.peerId));
      s.on('newConsumer', (c: { consumerId: string }) => this.ids.push(c.consumerId));
    }
    return s;
  }

  /**
   * Fires `count` shots, one every `intervalMs` (some in concurrent bursts); resolves when
   * all are sent. A socket is replaced after `perSocket` shots, so that fresh budgets let
   * junk reach validation rather than all meet RATE_LIMITED.
   */
  async run(count: number, deadline: number, intervalMs: number, perSocket = 40): Promise<void> {
    let sent = 0;
    let onSocket = 0;
    let next = Date.now();
    while (sent < count && Date.now() < deadline) {
      if (!this.socket || this.socket.disconnected || onSocket >= perSocket) {
        // let the old socket's answers arrive first: only the server's closes count as closed_before_ack
        for (let t = 0; this.socket?.connected && this.tally.inFlight(this.socket) > 0 && t < 200; t++) await new Promise((r) => setTimeout(r, 10));
        this.socket?.close();
        onSocket = 0;
        this.socket = await this.open().catch(() => undefined);
        if (!this.socket) continue;
      }
      const wait = next - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      next = Math.max(next + intervalMs, Date.now() - 1000);
      const s = this.socket;
      if (this.tally.inFlight(s) >= this.window) {
        await new Promise((r) => setTimeout(r, 2));
        continue;
      }
      const shot = nextShot(this.rng, this.namespace, this.ids);
      // a concurrent burst now and then: the same request many times at once
      const copies = this.rng() < 0.03 ? 8 + Math.floor(this.rng() * 12) : 1;
      for (let i = 0; i < copies && sent < count && this.tally.send(s, shot); i++, sent++, onSocket++);
    }
  }

  close(): void {
    this.socket?.close();
  }
}

/** A legitimate client doing one cheap request in a loop; its ack latencies are the canary's health. */
export class Canary {
  readonly latencies: number[] = [];
  failures = 0;
  private stopped = false;
  private loop: Promise<void> | undefined;
  constructor(
    private readonly socket: Socket,
    private readonly request: () => [string, unknown],
    private readonly intervalMs: number,
  ) {}

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        const [event, payload] = this.request();
        const t0 = performance.now();
        const res = await this.socket.timeout(10_000).emitWithAck(event, payload).catch(() => undefined);
        if (res?.ok) this.latencies.push(performance.now() - t0);
        else this.failures++;
        await new Promise((r) => setTimeout(r, this.intervalMs));
      }
    })();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    this.socket.close();
  }
}
