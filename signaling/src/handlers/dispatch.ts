import { ErrorCode, check, errorAck, requestNames, requests, type Ack, type AckError, type RequestName } from '@shuoshi/protocol';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import type { HandlerContext, HandlerTable } from './context';

type Listener = (...args: unknown[]) => void;

/** The part of a socket the dispatcher uses (a fake in unit tests). */
export interface RequestSource {
  on(event: string, listener: Listener): unknown;
  onAny(listener: (event: string, ...args: unknown[]) => void): unknown;
}

/** A token bucket per socket: a burst of `burst` requests, refilled at `perSecond`. */
export class RequestBudget {
  private tokens: number;
  private last = Date.now();
  constructor(
    private readonly perSecond = 50,
    private readonly burst = 100,
  ) {
    this.tokens = burst;
  }
  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

const knownCodes = new Set<string>(Object.values(ErrorCode));

/** Maps a thrown error to an error ack; anything unexpected is logged and answered as INTERNAL. */
export function toErrorAck(err: unknown, log: Logger, request: string): AckError {
  if (err instanceof AppError && err.statusCode < 500 && knownCodes.has(err.code)) {
    log.debug({ request, code: err.code }, 'request refused');
    return errorAck(err.code as ErrorCode, err.message);
  }
  if (err instanceof AppError && knownCodes.has(err.code)) {
    log.warn({ request, code: err.code, err: err.message }, 'request failed');
    return errorAck(err.code as ErrorCode, err.message);
  }
  log.error({ err, request }, 'request handler failed');
  return errorAck(ErrorCode.Internal, 'internal error');
}

/**
 * Wires every request of the protocol to its handler: validate the payload, run the
 * handler, answer exactly one ack. Unknown events that expect an ack get
 * UNKNOWN_REQUEST; requests sent without an ack are dropped (there is no one to answer).
 */
export function bindRequests(socket: RequestSource, ctx: HandlerContext, table: HandlerTable, budget = new RequestBudget()): void {
  for (const name of requestNames) {
    socket.on(name, (...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (res: Ack<object>) => void) : undefined;
      if (!ack) {
        ctx.session.log.warn({ request: name }, 'request without ack dropped');
        return;
      }
      if (!budget.take()) return ack(errorAck(ErrorCode.RateLimited, 'too many requests'));
      void dispatch(ctx, table, name, args.length === 1 ? args[0] : args.length === 0 ? undefined : args, ack);
    });
  }
  socket.onAny((event: string, ...args: unknown[]) => {
    if (Object.hasOwn(requests, event)) return;
    const ack = args[args.length - 1];
    ctx.session.log.warn({ event: String(event).slice(0, 64) }, 'unknown request');
    if (typeof ack === 'function') (ack as (res: AckError) => void)(errorAck(ErrorCode.UnknownRequest, 'unknown request'));
  });
}

export async function dispatch(ctx: HandlerContext, table: HandlerTable, name: RequestName, payload: unknown, ack: (res: Ack<object>) => void): Promise<void> {
  const parsed = check(requests[name].request, payload);
  if (!parsed.ok) {
    ctx.session.log.debug({ request: name, problem: parsed.message }, 'malformed request');
    return ack(errorAck(ErrorCode.BadRequest, `${name}: ${parsed.message}`));
  }
  let result: object;
  try {
    result = await (table[name] as (c: HandlerContext, p: unknown) => Promise<object>)(ctx, parsed.value);
  } catch (err) {
    return ack(toErrorAck(err, ctx.session.log, name));
  }
  ack({ ok: true, ...result });
}
