import type { QueueRequestName, QueueRequestPayload, QueueResponseData } from '@shuoshi/protocol';
import type { ApiDeps, Ctx } from '../../domain/context';
import type { Logger } from '../../logger';
import type { QueueSide } from '../../queue/auth';
import type { QueueView } from '../../queue/view';

/** One `/queue` socket's world: who it is, the API services, how to read the queue. */
export interface QueueHandlerContext {
  side: QueueSide;
  deps: ApiDeps;
  view: QueueView;
  log: Logger;
  ip: string | undefined;
}

/** The domain services' context for this socket's principal. */
export const domainCtx = (c: QueueHandlerContext): Ctx => ({ deps: c.deps, actor: c.side.principal, ip: c.ip });

export type QueueHandler<N extends QueueRequestName> = (ctx: QueueHandlerContext, payload: QueueRequestPayload<N>) => Promise<QueueResponseData<N>>;
export type QueueHandlerTable = { [N in QueueRequestName]: QueueHandler<N> };
