import type { Server as IoServer } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '@shuoshi/protocol';
import { SocketSession, type SignallingDeps } from './context';
import { bindRequests } from './dispatch';
import { handlers } from './table';

export type { SignallingDeps } from './context';

/** Gives every new socket a session, its request handlers, and the grace rule on disconnect. */
export function attachSignalling(io: IoServer<ClientToServerEvents, ServerToClientEvents>, deps: SignallingDeps): void {
  io.on('connection', (socket) => {
    const session = new SocketSession(socket, deps.log.child({ socketId: socket.id }));
    bindRequests(socket as never, { session, deps }, handlers);
    socket.on('disconnect', (reason) => {
      const { room, peer } = session;
      session.log.debug({ reason }, 'socket disconnected');
      if (room && peer && !peer.closed) room.linkLost(peer, session);
    });
  });
}
