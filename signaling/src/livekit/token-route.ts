import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { LiveKitTokenView } from '@shuoshi/protocol';
import { IdParams, Errors, iso } from '../api/schemas';
import { audit } from '../domain/audit';
import type { ApiDeps } from '../domain/context';
import { JOIN_TTL_SECONDS, sessionSeat } from '../domain/sessions';
import { AppError } from '../errors';
import { allow, ctxOf } from '../plugins/authenticate';
import type { LiveKitConfig } from './config';
import { mintLiveKitToken } from './tokens';

export const LiveKitErrors = {
  /** The deployment has no LIVEKIT_API_KEY / LIVEKIT_API_SECRET. */
  off: () => new AppError(404, 'LIVEKIT_OFF', 'this deployment has no LiveKit endpoint (LIVEKIT_API_KEY and LIVEKIT_API_SECRET are not set)'),
  removed: () => new AppError(403, 'REMOVED_FROM_ROOM', 'the host removed you from this room'),
};

/**
 * POST /api/sessions/:id/livekit-token: a LiveKit access token for exactly the seat our
 * own join token gives (sessionSeat: the host and the invited, while the session is not
 * over), refused to someone the host removed from the room for good, audited.
 */
export async function liveKitTokenRoutes(app: FastifyInstance, { deps, livekit }: { deps: ApiDeps; livekit: LiveKitConfig | undefined }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  r.post('/sessions/:id/livekit-token', {
    onRequest: allow('staff', 'device', 'party'),
    schema: {
      tags: ['sessions'],
      summary: 'A LiveKit access token for the same seat as a join token, for LiveKit SDKs (404 LIVEKIT_OFF when the deployment has no LiveKit key)',
      security: [{ bearer: [] }],
      params: IdParams,
      response: { 200: LiveKitTokenView, ...Errors },
    },
  }, async (req) => {
    if (!livekit) throw LiveKitErrors.off();
    const ctx = ctxOf(deps, req);
    const { seat, caseId } = await sessionSeat(ctx, req.params.id);
    const removed = await deps.prisma.roomRemoval.findUnique({ where: { roomId_peerId: { roomId: seat.roomId, peerId: seat.peerId } }, select: { id: true } });
    if (removed) throw LiveKitErrors.removed();
    const minted = await mintLiveKitToken(livekit, seat, JOIN_TTL_SECONDS);
    await audit(deps.prisma, ctx.actor, ctx.ip, { action: 'session.join.livekit', entityType: 'Session', entityId: req.params.id, caseId, details: { role: seat.role, peerId: seat.peerId } });
    return {
      token: minted.token,
      url: `${req.protocol === 'https' ? 'wss' : 'ws'}://${req.host}`,
      identity: seat.peerId,
      room: seat.roomId,
      role: seat.role,
      autoAdmit: Boolean(seat.autoAdmit),
      expiresAt: iso(minted.expiresAt),
    };
  });
}
