import type { Server as HttpServer } from 'node:http';
import { Server as IoServer } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import { MAX_MESSAGE_BYTES, type ClientToServerEvents, type ServerToClientEvents } from '@shuoshi/protocol';
import { boundedParser } from './socket-parser';

export type SignallingServer = IoServer<ClientToServerEvents, ServerToClientEvents>;

/**
 * The socket.io server on the HTTP server. With Redis, rooms and broadcasts span
 * every node (redis adapter); without it, the in-memory adapter serves one node.
 * (Media rooms are per node all the same: see docs/protocol.md, "Several nodes".)
 */
export function createIo(httpServer: HttpServer, redis?: { pub: Redis; sub: Redis; namespace: string }): SignallingServer {
  const io: SignallingServer = new IoServer(httpServer, {
    serveClient: false,
    // Rural links drop often: detect dead sockets within ~25 s, keep payloads small.
    pingInterval: 10_000,
    pingTimeout: 15_000,
    // the largest legitimate message (a `ready` with capabilities) fits; a longer one closes the connection
    maxHttpBufferSize: MAX_MESSAGE_BYTES,
    // each request's own cap is checked before JSON.parse (socket-parser.ts)
    parser: boundedParser,
    cors: { origin: false },
  });
  // The channel names carry the deployment's namespace: two deployments (or two test
  // runs) sharing one Redis must never answer each other's broadcasts and fetchSockets.
  if (redis) io.adapter(createAdapter(redis.pub, redis.sub, { key: `shuoshi:${redis.namespace}:socket.io` }));
  return io;
}
