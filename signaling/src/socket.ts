import type { Server as HttpServer } from 'node:http';
import { Server as IoServer } from 'socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import type { Redis } from 'ioredis';
import type { ClientToServerEvents, ServerToClientEvents } from '@shuoshi/protocol';

export type SignallingServer = IoServer<ClientToServerEvents, ServerToClientEvents>;

/**
 * The socket.io server on the HTTP server. With Redis, rooms and broadcasts span
 * every node (redis adapter); without it, the in-memory adapter serves one node.
 * (Media rooms are per node all the same: see docs/protocol.md, "Several nodes".)
 */
export function createIo(httpServer: HttpServer, redis?: { pub: Redis; sub: Redis }): SignallingServer {
  const io: SignallingServer = new IoServer(httpServer, {
    serveClient: false,
    // Rural links drop often: detect dead sockets within ~25 s, keep payloads small.
    pingInterval: 10_000,
    pingTimeout: 15_000,
    maxHttpBufferSize: 1e6,
    cors: { origin: false },
  });
  if (redis) io.adapter(createAdapter(redis.pub, redis.sub));
  return io;
}
