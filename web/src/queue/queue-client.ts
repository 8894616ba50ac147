import { io, type Socket } from 'socket.io-client';
import {
  ErrorCode,
  QUEUE_NAMESPACE,
  type Ack,
  type ConsultJoin,
  type QueueClientToServerEvents,
  type QueueEntry,
  type QueueNotificationName,
  type QueueNotificationPayload,
  type QueueRequestName,
  type QueueRequestPayload,
  type QueueResponseData,
  type QueueServerToClientEvents,
} from '@shuoshi/protocol';
import { Emitter } from '../room/emitter';
import { SignalError } from '../room/signal';

export type QueueSocket = Socket<QueueServerToClientEvents, QueueClientToServerEvents>;
export type QueueStanding = QueueNotificationPayload<'queue:position'>;
export type CallbackNotice = QueueNotificationPayload<'consultation:callback'>;
export type AcceptedNotice = QueueNotificationPayload<'consultation:accepted'>;

export interface ConsultQueueClientOptions {
  /** The API credential: a lawyer's or operator's access token, or a device credential. A function is asked again on every reconnect (access tokens expire). */
  token: string | (() => string | Promise<string>);
  /** Server origin; the page's own by default. */
  url?: string;
  requestTimeoutMs?: number;
  /** Injected socket (tests). */
  socket?: QueueSocket;
}

type Events = {
  connection: ['connected' | 'disconnected'];
  /** Lawyer: the whole queue (empty when off duty). */
  entries: [QueueEntry[]];
  /** Lawyer: someone accepted this one. */
  taken: [{ consultationId: string; lawyerId: string }];
  /** Talk room: one of its requests moved. */
  standing: [QueueStanding];
  /** Talk room: a lawyer accepted; join the live room with `join.token` now. */
  accepted: [AcceptedNotice];
  /** Talk room: nobody could take it live; a lawyer calls back at `callbackAt`. */
  callback: [CallbackNotice];
  /** Talk room: the request left the queue another way. */
  closed: [{ consultationId: string; status: string }];
  /** The server refused the credential (`code` as in docs/protocol.md). */
  refused: [{ code: string; message: string }];
};

/**
 * The consultation queue's client (socket.io namespace `/queue`, docs/protocol.md
 * "Consultation queue"), framework-free like the room client: the lawyer's side
 * (entries, duty, accept) and the talk room's (standings, accepted, call-back,
 * abandon) in one class; the server decides which side a credential is.
 */
export class ConsultQueueClient extends Emitter<Events> {
  readonly socket: QueueSocket;
  /** Lawyer: the queue as last pushed. */
  entries: QueueEntry[] = [];
  /** Talk room: its waiting requests by consultation id. */
  readonly standings = new Map<string, QueueStanding>();
  private readonly timeoutMs: number;

  constructor(opts: ConsultQueueClientOptions) {
    super();
    this.timeoutMs = opts.requestTimeoutMs ?? 10_000;
    const token = opts.token;
    this.socket =
      opts.socket ??
      io(`${opts.url ?? ''}${QUEUE_NAMESPACE}`, {
        transports: ['websocket', 'polling'],
        reconnectionDelay: 300,
        reconnectionDelayMax: 3_000,
        auth: (cb: (data: object) => void) => void Promise.resolve(typeof token === 'function' ? token() : token).then((t) => cb({ token: t })),
      });
    this.listen('queue:list', ({ entries }) => {
      this.entries = entries;
      this.emit('entries', entries);
    });
    this.listen('queue:taken', (p) => {
      this.entries = this.entries.filter((e) => e.consultationId !== p.consultationId);
      this.emit('taken', p);
    });
    this.listen('queue:position', (p) => {
      this.standings.set(p.consultationId, p);
      this.emit('standing', p);
    });
    this.listen('consultation:accepted', (p) => {
      this.standings.delete(p.consultationId);
      this.emit('accepted', p);
    });
    this.listen('consultation:callback', (p) => {
      this.standings.delete(p.consultationId);
      this.emit('callback', p);
    });
    this.listen('consultation:closed', (p) => {
      this.standings.delete(p.consultationId);
      this.emit('closed', p);
    });
    this.socket.on('connect', () => this.emit('connection', 'connected'));
    this.socket.on('disconnect', (reason: string) => {
      this.emit('connection', 'disconnected');
      // The server closes a socket whose credential no longer holds (access token expired,
      // account disabled, device revoked) and socket.io does not reconnect after that:
      // connect again, with a fresh token from `token()`; a refusal then comes as 'refused'.
      if (reason === 'io server disconnect') this.socket.connect();
    });
    this.socket.on('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
      if (err.data?.code) this.emit('refused', { code: err.data.code, message: err.data.message ?? err.message });
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  request<N extends QueueRequestName>(name: N, payload: QueueRequestPayload<N>): Promise<QueueResponseData<N>> {
    return new Promise((resolve, reject) => {
      if (!this.socket.connected) return reject(new SignalError(ErrorCode.Timeout, 'not connected', name));
      const timer = setTimeout(() => reject(new SignalError(ErrorCode.Timeout, `no answer in ${this.timeoutMs} ms`, name)), this.timeoutMs);
      const emit = this.socket.emit as unknown as (event: string, payload: unknown, ack: (res: Ack<QueueResponseData<N>>) => void) => void;
      emit.call(this.socket, name, payload, (res) => {
        clearTimeout(timer);
        if (res && res.ok) {
          const { ok: _ok, ...result } = res;
          resolve(result as unknown as QueueResponseData<N>);
        } else reject(new SignalError(res?.error?.code ?? ErrorCode.Internal, res?.error?.message ?? 'malformed ack', name));
      });
    });
  }

  /** Lawyer: switch on or off duty. */
  async setDuty(onDuty: boolean): Promise<boolean> {
    return (await this.request('duty:set', { onDuty })).onDuty;
  }

  /** Lawyer on duty: accept; rejects with SignalError code CONSULTATION_TAKEN when another lawyer was first. */
  async accept(consultationId: string): Promise<ConsultJoin> {
    return (await this.request('queue:accept', { consultationId })).join;
  }

  /** Talk room: give up a waiting request. */
  async abandon(consultationId: string): Promise<void> {
    await this.request('queue:abandon', { consultationId });
    this.standings.delete(consultationId);
  }

  close(): void {
    this.socket.removeAllListeners();
    this.socket.disconnect();
  }

  private listen<N extends QueueNotificationName>(name: N, listener: (payload: QueueNotificationPayload<N>) => void): void {
    (this.socket.on as unknown as (event: string, l: (p: QueueNotificationPayload<N>) => void) => void).call(this.socket, name, listener);
  }
}
