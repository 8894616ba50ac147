import type { QueueRequestName, QueueRequestPayload, QueueResponseData } from '@shuoshi/protocol';
import type { Ctx } from '../../domain/context';
import type { QueueSocketContext } from '../../queue/hub';

/** One `/queue` socket's world: who it is, the API services, how to read the queue (made by the hub). */
export type QueueHandlerContext = QueueSocketContext;

/** The domain services' context for this socket's principal. */
export const domainCtx = (c: QueueHandlerContext): Ctx => ({ deps: c.deps, actor: c.side.principal, ip: c.ip });

export type QueueHandler<N extends QueueRequestName> = (ctx: QueueHandlerContext, payload: QueueRequestPayload<N>) => Promise<QueueResponseData<N>>;
export type QueueHandlerTable = { [N in QueueRequestName]: QueueHandler<N> };
