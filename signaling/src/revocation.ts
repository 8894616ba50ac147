import { QUEUE_NAMESPACE } from '@shuoshi/protocol';
import type { AccessRevoked } from './auth/standing';
import { peerSocketRoom } from './handlers/context';
import type { Logger } from './logger';
import { holderRoom } from './queue/hub';
import type { SignallingServer } from './socket';

/**
 * Closes every socket of a disabled staff account or a revoked device: its `/queue`
 * sockets and its live-room seats (peer `staff-<id>` / `device-<id>`). With Redis the
 * adapter carries the disconnect to every node. A closed live-room seat cannot come
 * back: join and resume check the holder again (rooms/session-record.ts).
 */
export function socketRevocation(io: SignallingServer, log: Logger): AccessRevoked {
  return (who) => {
    log.info({ kind: who.kind, id: who.id }, 'access revoked: closing its sockets on every node');
    io.of(QUEUE_NAMESPACE).in(holderRoom(who)).disconnectSockets(true);
    io.in(peerSocketRoom(`${who.kind}-${who.id}`)).disconnectSockets(true);
  };
}
