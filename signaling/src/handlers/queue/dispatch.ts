import { ErrorCode, check, errorAck, queueRequestNames, queueRequests, type Ack, type AckError, type QueueRequestName } from '@shuoshi/protocol';
import { AppError } from '../../errors';
import { RequestBudget } from '../dispatch';
import type { QueueHandlerContext, QueueHandlerTable } from './context';

const known = new Set<string>(Object.values(ErrorCode));
const byStatus: Record<number, ErrorCode> = { 400: ErrorCode.BadRequest, 401: ErrorCode.Unauthorized, 403: ErrorCode.Forbidden, 404: ErrorCode.NotFound, 409: ErrorCode.ConsultationState, 429: ErrorCode.RateLimited };

/** A domain error as an ack: its own code when the protocol has it, else the code for its HTTP status. */
export function queueErrorAck(err: unknown, ctx: QueueHandlerContext, request: string): AckError {
  if (err instanceof AppError && err.statusCode < 500) {
    ctx.log.debug({ request, code: err.code }, 'queue request refused');
    return errorAck(known.has(err.code) ? (err.code as ErrorCode) : (byStatus[err.statusCode] ?? ErrorCode.BadRequest), err.message);
  }
  ctx.log.error({ err, request }, 'queue request failed');
  return errorAck(ErrorCode.Internal, 'internal error');
}

type Listener = (...args: unknown[]) => void;

/** Validates each `/queue` request against its schema, runs its handler, answers one ack. */
export function bindQueueRequests(socket: { on(event: string, l: Listener): unknown }, ctx: QueueHandlerContext, table: QueueHandlerTable, budget = new RequestBudget(10, 20)): void {
  for (const name of queueRequestNames) {
    socket.on(name, (...args: unknown[]) => {
      const ack = typeof args[args.length - 1] === 'function' ? (args.pop() as (res: Ack<object>) => void) : undefined;
      if (!ack) return;
      if (!budget.take()) return ack(errorAck(ErrorCode.RateLimited, 'too many requests'));
      void run(ctx, table, name, args[0], ack);
    });
  }
}

async function run(ctx: QueueHandlerContext, table: QueueHandlerTable, name: QueueRequestName, payload: unknown, ack: (res: Ack<object>) => void) {
  const parsed = check(queueRequests[name].request, payload);
  if (!parsed.ok) return ack(errorAck(ErrorCode.BadRequest, `${name}: ${parsed.message}`));
  try {
    const result = await (table[name] as (c: QueueHandlerContext, p: unknown) => Promise<object>)(ctx, parsed.value);
    ack({ ok: true, ...result });
  } catch (err) {
    ack(queueErrorAck(err, ctx, name));
  }
}
