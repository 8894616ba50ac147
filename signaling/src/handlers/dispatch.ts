import { ErrorCode, check, errorAck, requests, type Ack, type AckError, type RequestSpec } from '@shuoshi/protocol';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { RejectedMessage } from '../socket-parser';
import type { HandlerContext, HandlerTable } from './context';

type Listener = (...args: unknown[]) => void;
type AckFn = (res: Ack<object>) => void;

/** The part of a socket the dispatcher uses (a fake in unit tests). */
export interface RequestSource {
  on(event: string, listener: Listener): unknown;
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
  /** Closes the connection: the dispatcher does this to a socket that keeps sending junk. */
  disconnect?(close?: boolean): unknown;
}

/**
 * A token bucket per socket: a burst of `burst` requests, refilled at `perSecond`. An
 * invalid, oversized or unknown message costs a tenth of the burst and may take the
 * bucket below zero, down to `-burst`: a socket that gets there is disconnected.
 */
export class RequestBudget {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly perSecond = 50,
    private readonly burst = 100,
  ) {
    this.tokens = burst;
  }
  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
  }
  take(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
  /** Charges a bad message; false when the socket has reached the floor (disconnect it). */
  penalise(): boolean {
    this.refill();
    this.tokens = Math.max(-this.burst, this.tokens - Math.max(1, this.burst / 10));
    return this.tokens > -this.burst;
  }
}

const knownCodes = new Set<string>(Object.values(ErrorCode));
const byStatus: Partial<Record<number, ErrorCode>> = {
  400: ErrorCode.BadRequest,
  401: ErrorCode.Unauthorized,
  403: ErrorCode.Forbidden,
  404: ErrorCode.NotFound,
  413: ErrorCode.PayloadTooLarge,
  429: ErrorCode.RateLimited,
};

/**
 * Maps a thrown error to an error ack: an AppError keeps its code when the protocol has
 * it, else takes the code for its HTTP status (`statusCodes` first, then the common
 * table); anything else is logged and answered as INTERNAL.
 */
export function toErrorAck(err: unknown, log: Logger, request: string, statusCodes: Partial<Record<number, ErrorCode>> = {}): AckError {
  if (err instanceof AppError) {
    const code = knownCodes.has(err.code) ? (err.code as ErrorCode) : (statusCodes[err.statusCode] ?? byStatus[err.statusCode]);
    if (code) {
      // a refusal with details (mediasoup's reason for MEDIA_REJECTED) is worth a warning; the details stay in the log
      if (err.statusCode >= 500) log.warn({ request, code, err: err.message }, 'request failed');
      else if (err.details !== undefined && err.code !== ErrorCode.RoomElsewhere) log.warn({ request, code, detail: String(err.details).slice(0, 300) }, 'request refused');
      else log.debug({ request, code }, 'request refused');
      return errorAck(code, err.message, code === ErrorCode.RoomElsewhere ? (err.details as { moveTo: string }).moveTo : undefined);
    }
  }
  log.error({ err, request }, 'request handler failed');
  return errorAck(ErrorCode.Internal, 'internal error');
}

/** One namespace's requests: its protocol map, handler table, context, budget and logger. */
export interface Dispatcher<C> {
  requests: Record<string, RequestSpec>;
  table: Record<string, (ctx: C, payload: never) => Promise<object>>;
  ctx: C;
  budget: RequestBudget;
  /** The logger now (a socket's logger gains room and peer ids when it joins). */
  log: () => Logger;
  /** Codes for domain errors whose own code the protocol lacks, by HTTP status. */
  statusCodes?: Partial<Record<number, ErrorCode>>;
  /** A handler's ack has just been sent (the room namespace sends what it held back for a seat being seated). */
  acked?: () => void;
}

/**
 * Wires every request of a namespace to its handler. Each request with an ack gets
 * exactly one: RATE_LIMITED when over budget, PAYLOAD_TOO_LARGE for a message over its
 * size (refused unparsed by socket-parser.ts), BAD_REQUEST for a payload that fails its
 * schema, UNKNOWN_REQUEST for a name the namespace lacks, else the handler's answer.
 * Oversized, invalid and unknown messages are charged to the budget; a socket that
 * exhausts it is disconnected after its answer. Requests without an ack are dropped.
 */
export function bindDispatcher<C>(socket: RequestSource, d: Dispatcher<C>): void {
  const refuse = (request: string, ack: AckFn | undefined, code: ErrorCode, message: string) => {
    const within = d.budget.penalise();
    ack?.(errorAck(code, message));
    if (!within) {
      d.log().warn({ request: request.slice(0, 64) }, 'too many invalid requests: disconnecting the socket');
      socket.disconnect?.(true);
    }
  };
  for (const name of Object.keys(d.requests)) {
    socket.on(name, (...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as AckFn) : undefined;
      const payload = args.length === 1 ? args[0] : args.length === 0 ? undefined : args;
      if (payload instanceof RejectedMessage) return refuse(name, ack, payload.code, payload.message);
      if (!ack) {
        d.log().warn({ request: name }, 'request without ack dropped');
        return;
      }
      if (!d.budget.take()) return ack(errorAck(ErrorCode.RateLimited, 'too many requests'));
      void run(d, name, payload, ack, refuse);
    });
  }
  socket.onAny((event: unknown, ...args: unknown[]) => {
    if (typeof event === 'string' && Object.hasOwn(d.requests, event)) return;
    const last = args[args.length - 1];
    const ack = typeof last === 'function' ? (last as AckFn) : undefined;
    const name = String(event).slice(0, 64);
    if (args[0] instanceof RejectedMessage) return refuse(name, ack, args[0].code, args[0].message);
    d.log().warn({ event: name }, 'unknown request');
    refuse(name, ack, ErrorCode.UnknownRequest, 'unknown request');
  });
}

async function run<C>(d: Dispatcher<C>, name: string, payload: unknown, ack: AckFn, refuse: (r: string, a: AckFn, c: ErrorCode, m: string) => void): Promise<void> {
  const parsed = check(d.requests[name]!.request, payload);
  if (!parsed.ok) {
    d.log().debug({ request: name, problem: parsed.message }, 'malformed request');
    return refuse(name, ack, ErrorCode.BadRequest, `${name}: ${parsed.message}`);
  }
  let result: object;
  try {
    result = await (d.table[name] as (c: C, p: unknown) => Promise<object>)(d.ctx, parsed.value);
  } catch (err) {
    ack(toErrorAck(err, d.log(), name, d.statusCodes));
    return d.acked?.();
  }
  ack({ ok: true, ...result });
  d.acked?.();
}

/** The default (room) namespace's requests. */
export function bindRequests(socket: RequestSource, ctx: HandlerContext, table: HandlerTable, budget = new RequestBudget()): void {
  bindDispatcher(socket, { requests, table, ctx, budget, log: () => ctx.session.log, acked: () => ctx.session.releaseNotifications() });
}
