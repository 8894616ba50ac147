import type { FastifyInstance } from 'fastify';
import { Type, type Static } from '@sinclair/typebox';
import { Role, RoomId, PeerId } from '@shuoshi/protocol';
import { issueRoomToken } from '../auth/room-token';

const Body = Type.Object(
  {
    roomId: RoomId,
    role: Role,
    displayName: Type.String({ minLength: 1, maxLength: 64 }),
    /** Keep a stable identity across tokens (a test's "same person"); random when omitted. */
    peerId: Type.Optional(PeerId),
    ttlSeconds: Type.Optional(Type.Integer({ minimum: 10, maximum: 24 * 3600 })),
    /** Skip the lobby (mediators always do); otherwise the person waits for the host to admit them. */
    autoAdmit: Type.Optional(Type.Boolean()),
    /** The talk room shown to the host while the person waits. */
    talkRoom: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  },
  { additionalProperties: false },
);

const Reply = Type.Object({ token: Type.String(), peerId: Type.String(), expiresAt: Type.String({ format: 'date-time' }) });

/**
 * POST /api/dev/room-token: a join token for any room and role, no account needed.
 * Registered only when config.devTokens is on (never by default in production); the
 * accounts API will issue the same tokens for signed-in users.
 */
export async function devTokenRoutes(app: FastifyInstance, opts: { authSecret: string }): Promise<void> {
  app.post<{ Body: Static<typeof Body> }>(
    '/api/dev/room-token',
    { schema: { body: Body, response: { 200: Reply } } },
    async (req) => {
      const { token, peerId, expiresAt } = await issueRoomToken(opts.authSecret, req.body, req.body.ttlSeconds);
      req.log.info({ roomId: req.body.roomId, role: req.body.role, peerId, autoAdmit: req.body.autoAdmit ?? false }, 'dev room token issued');
      return { token, peerId, expiresAt: expiresAt.toISOString() };
    },
  );
}
