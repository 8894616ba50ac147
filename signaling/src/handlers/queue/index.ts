import type { IncomingMessage } from 'node:http';
import type { ApiDeps } from '../../domain/context';
import type { Logger } from '../../logger';
import { ConsultQueueHub } from '../../queue/hub';
import { bindQueueRequests } from './dispatch';
import { queueHandlers } from './table';

/**
 * The `/queue` namespace: the hub (queue/hub.ts: sockets, rooms, announcements) with
 * every socket's requests bound to their handlers. Imports go one way: handlers/queue
 * → queue → domain.
 */
export function attachQueue(io: { of(name: string): unknown }, deps: ApiDeps, log: Logger, addressOf: (req: IncomingMessage) => string | undefined): ConsultQueueHub {
  return new ConsultQueueHub(io, deps, log, (socket, ctx) => bindQueueRequests(socket as never, ctx, queueHandlers), addressOf);
}
