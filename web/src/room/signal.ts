import { io, type Socket } from 'socket.io-client';
import {
  ErrorCode,
  type Ack,
  type ClientToServerEvents,
  type NotificationName,
  type NotificationPayload,
  type RequestName,
  type RequestPayload,
  type ResponseData,
  type ServerToClientEvents,
} from '@shuoshi/protocol';

/** A request the server refused (or that timed out), with the protocol's error code. */
export class SignalError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly request: string,
    /** ROOM_ELSEWHERE: the node to connect to and ask again. */
    readonly moveTo?: string,
  ) {
    super(`${request}: ${code}: ${message}`);
    this.name = 'SignalError';
  }
}

export type SignalSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface SignalOptions {
  /** Server origin; the page's own by default. */
  url?: string;
  requestTimeoutMs?: number;
  /** Injected socket (tests). */
  socket?: SignalSocket;
}

/**
 * The typed signalling channel: `request()` sends one protocol request and resolves
 * with its result or rejects with a SignalError; `on()` listens to notifications.
 * socket.io reconnects by itself; the room client decides what a reconnect means.
 */
export class Signal {
  readonly socket: SignalSocket;
  private readonly timeoutMs: number;
  /** The service's own address (the page's origin, or a load balancer): where every seat starts. */
  private readonly home: string;
  /** The node the room moved us to, while connected there. */
  private away: string | undefined;
  /** The socket is moving to the node that hosts the room (`follow`). */
  moving = false;

  constructor(opts: SignalOptions = {}) {
    this.timeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.socket =
      opts.socket ??
      io(opts.url || (typeof location === 'undefined' ? '' : location.origin), {
        transports: ['websocket', 'polling'],
        tryAllTransports: true,
        // weak rural links: retry quickly at first, then back off to a few seconds
        reconnectionDelay: 300,
        reconnectionDelayMax: 3_000,
        randomizationFactor: 0.3,
        timeout: 8_000,
      });
    this.home = (this.socket.io as unknown as { uri?: string } | undefined)?.uri ?? '';
    // a drop while on another node: come back through home (that node may be gone)
    this.socket.on('disconnect', (reason) => {
      if (this.away === undefined || reason === 'io client disconnect') return;
      this.away = undefined;
      (this.socket.io as unknown as { uri: string }).uri = this.home;
    });
  }

  /** The address the socket connects to now: home, or the node hosting the room. */
  get url(): string {
    return (this.socket.io as unknown as { uri?: string } | undefined)?.uri ?? this.home;
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Resolves once the socket is connected (TIMEOUT after `withinMs`). */
  whenConnected(withinMs = 15_000): Promise<void> {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new SignalError(ErrorCode.Timeout, 'cannot reach the server', 'connect')), withinMs);
      this.socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /**
   * `join` or `resume`, following the room to the node that hosts it (ROOM_ELSEWHERE:
   * several nodes). While the socket moves (`moving`), its drop and return are not a lost link.
   */
  async follow<N extends 'join' | 'resume'>(name: N, payload: RequestPayload<N>): Promise<ResponseData<N>> {
    for (let hops = 0; ; hops++) {
      try {
        return await this.request(name, payload);
      } catch (err) {
        if (!(err instanceof SignalError && err.code === ErrorCode.RoomElsewhere && err.moveTo) || hops >= 5) throw err;
        this.moving = true;
        try {
          await this.moveTo(err.moveTo);
        } catch {
          // that node cannot be reached now (it just died, its lease has not lapsed): ask again from home
          await new Promise((r) => setTimeout(r, 500 * (hops + 1)));
          await this.whenConnected();
        } finally {
          this.moving = false;
        }
      }
    }
  }

  /**
   * Several nodes (docs/protocol.md): the room lives on another node. Reconnects this
   * socket to `url` (the same socket: every listener stays); resolves once connected.
   * The next drop goes back to the service's own address (`home`), which sends the seat
   * on to wherever the room is then (another node, if this one died or is shutting down).
   */
  moveTo(url: string): Promise<void> {
    this.away = url;
    return this.reconnectTo(url);
  }

  /** Reconnects through the service's own address (the room is moving: its node is shutting down). */
  goHome(): Promise<void> {
    this.away = undefined;
    return this.reconnectTo(this.home);
  }

  /**
   * A fresh connection to where the socket connects now. After an outage the old one may
   * be a TCP connection still backing off (seconds between retransmissions) or one the
   * server already closed without our knowing; socket.io's own retry may be seconds away.
   */
  refresh(): Promise<void> {
    return this.reconnectTo(this.url);
  }

  private reconnectTo(url: string): Promise<void> {
    const manager = this.socket.io as unknown as { uri: string };
    manager.uri = url; // socket.io-client's Manager opens every (re)connection from `uri`
    this.socket.disconnect();
    const connected = new Promise<void>((resolve, reject) => {
      const settle = (err?: Error) => {
        clearTimeout(timer);
        this.socket.off('connect', done);
        this.socket.off('connect_error', failed);
        if (!err) return resolve();
        // that node is not reachable (it died, its lease has not lapsed yet): the socket goes on through home
        this.away = undefined;
        manager.uri = this.home;
        reject(new SignalError(ErrorCode.Timeout, `cannot reach ${url}: ${err.message}`, 'connect'));
      };
      const done = () => settle();
      const failed = (err: Error) => settle(err);
      const timer = setTimeout(() => settle(new Error('no answer')), this.timeoutMs);
      this.socket.once('connect', done);
      this.socket.once('connect_error', failed);
    });
    this.socket.connect();
    return connected;
  }

  request<N extends RequestName>(name: N, payload: RequestPayload<N>): Promise<ResponseData<N>> {
    return new Promise((resolve, reject) => {
      if (!this.socket.connected) return reject(new SignalError(ErrorCode.Timeout, 'not connected', name));
      const timer = setTimeout(() => reject(new SignalError(ErrorCode.Timeout, `no answer in ${this.timeoutMs} ms`, name)), this.timeoutMs);
      const emit = this.socket.emit as unknown as (event: string, payload: unknown, ack: (res: Ack<ResponseData<N>>) => void) => void;
      emit.call(this.socket, name, payload, (res) => {
        clearTimeout(timer);
        if (res && res.ok) {
          const { ok: _ok, ...result } = res;
          resolve(result as unknown as ResponseData<N>);
        } else reject(new SignalError(res?.error?.code ?? ErrorCode.Internal, res?.error?.message ?? 'malformed ack', name, res?.error?.moveTo));
      });
    });
  }

  on<N extends NotificationName>(name: N, listener: (payload: NotificationPayload<N>) => void): void {
    (this.socket.on as unknown as (event: string, l: (p: NotificationPayload<N>) => void) => void).call(this.socket, name, listener);
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }
}
