/**
 * One seat of `npm run bench:signalling`: a socket.io client without media that joins the
 * way the web client does (web/src/room/signal.ts `follow`): it connects to its home node,
 * sends `join` with the token the API issued, and when the room lives on another node
 * (ROOM_ELSEWHERE with `moveTo`) reconnects there and joins again. Then it sends a cheap
 * request every few seconds and times its ack.
 */
import { io, type Socket } from 'socket.io-client';

/** The cheap request: an in-memory lookup on the room's node, answered without touching the database or the other seats. */
export const CHEAP_REQUEST = 'setRenderedSize';
const CHEAP_PAYLOAD = { consumerId: 'bench-no-such-consumer', width: 320, height: 180 };
/** What that request answers for a seat without media: the consumer is unknown (NOT_FOUND) — the round trip is what is timed. */
const CHEAP_ANSWER = 'NOT_FOUND';
const ACK_TIMEOUT_MS = 30_000;
const MAX_HOPS = 5;

interface Ack {
  ok: boolean;
  error?: { code: string; message?: string; moveTo?: string };
}

export interface SeatStats {
  /** ms from the first `join` emit to its successful ack, moves included. */
  joinMs: number[];
  /** When each of those joins was sent (performance.now()), in the same order. */
  joinAt: number[];
  /** ms from each cheap request's emit to its ack. */
  requestMs: number[];
  moved: number;
  errors: string[];
}

export const newStats = (): SeatStats => ({ joinMs: [], joinAt: [], requestMs: [], moved: 0, errors: [] });

function open(url: string): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: ACK_TIMEOUT_MS });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

export class BenchSeat {
  private socket: Socket | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** The node the seat ended on. */
  url = '';

  constructor(
    private readonly token: string,
    private readonly home: string,
    private readonly stats: SeatStats,
  ) {}

  /** Connects home and joins, following the room to its node; records the join time (or the error). */
  async join(): Promise<boolean> {
    try {
      this.url = this.home;
      this.socket = await open(this.home);
      const t0 = performance.now();
      for (let hops = 0; hops <= MAX_HOPS; hops++) {
        const ack = (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck('join', { token: this.token })) as Ack;
        if (ack.ok) {
          this.stats.joinMs.push(performance.now() - t0);
          this.stats.joinAt.push(t0);
          this.socket.on('disconnect', (reason) => {
            if (reason !== 'io client disconnect') this.stats.errors.push(`disconnected: ${reason}`);
          });
          return true;
        }
        if (ack.error?.code !== 'ROOM_ELSEWHERE' || !ack.error.moveTo) throw new Error(`join: ${ack.error?.code ?? 'no error code'}`);
        this.stats.moved++;
        this.socket.close();
        this.url = ack.error.moveTo;
        this.socket = await open(this.url);
      }
      throw new Error(`join: moved more than ${MAX_HOPS} times`);
    } catch (err) {
      this.stats.errors.push((err as Error).message);
      return false;
    }
  }

  /** Sends the cheap request every `everyMs` (first after a random part of it) until `untilMs` (performance.now()). */
  requestEvery(everyMs: number, untilMs: number): void {
    const once = async () => {
      if (performance.now() >= untilMs || !this.socket?.connected) return;
      const t0 = performance.now();
      try {
        const ack = (await this.socket.timeout(ACK_TIMEOUT_MS).emitWithAck(CHEAP_REQUEST, CHEAP_PAYLOAD)) as Ack;
        if (ack.ok || ack.error?.code === CHEAP_ANSWER) this.stats.requestMs.push(performance.now() - t0);
        else this.stats.errors.push(`${CHEAP_REQUEST}: ${ack.error?.code}`);
      } catch (err) {
        this.stats.errors.push(`${CHEAP_REQUEST}: ${(err as Error).message}`);
      }
      this.timer = setTimeout(() => void once(), everyMs);
    };
    this.timer = setTimeout(() => void once(), Math.random() * everyMs);
  }

  close(): void {
    clearTimeout(this.timer);
    this.socket?.close();
  }
}
