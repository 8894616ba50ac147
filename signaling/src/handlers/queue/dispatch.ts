import { ErrorCode, queueRequests } from '@shuoshi/protocol';
import { RequestBudget, bindDispatcher, type RequestSource } from '../dispatch';
import type { QueueHandlerContext, QueueHandlerTable } from './context';

/** `/queue` requests through the one dispatcher (handlers/dispatch.ts): the queue's map, table, context and a smaller budget. */
export function bindQueueRequests(socket: RequestSource, ctx: QueueHandlerContext, table: QueueHandlerTable, budget = new RequestBudget(10, 20)): void {
  bindDispatcher(socket, { requests: queueRequests, table, ctx, budget, log: () => ctx.log, statusCodes: { 409: ErrorCode.ConsultationState } });
}
