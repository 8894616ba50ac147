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

  constructor(opts: SignalOptions = {}) {
    this.timeoutMs = opts.requestTimeoutMs ?? 10_000;
    this.socket =
      opts.socket ??
      io(opts.url ?? '', {
        transports: ['websocket', 'polling'],
        tryAllTransports: true,
        // weak rural links: retry quickly at first, then back off to a few seconds
        reconnectionDelay: 300,
        reconnectionDelayMax: 3_000,
        randomizationFactor: 0.3,
        timeout: 8_000,
      });
  }

  get connected(): boolean {
    return this.socket.connected;
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
        } else reject(new SignalError(res?.error?.code ?? ErrorCode.Internal, res?.error?.message ?? 'malformed ack', name));
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
