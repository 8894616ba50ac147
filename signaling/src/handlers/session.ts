import { issueResumeToken, verifyResumeToken, verifyRoomToken } from '../auth/room-token';
import { RoomErrors } from '../rooms/errors';
import { turnIceServers } from '../rooms/ice-servers';
import type { Peer } from '../rooms/peer';
import type { Room } from '../rooms/room';
import { LocalPlacement, type Admit, type RoomPlacement } from '../cluster/placement';
import type { Handler, HandlerContext } from './context';

const placementOf = (ctx: HandlerContext): RoomPlacement => ctx.deps.placement ?? new LocalPlacement(ctx.deps.rooms);
/** The database's word on this seat, asked by the node that seats it (placement.ts). */
const admitOf = (ctx: HandlerContext, claims: { roomId: string; peerId: string }): Admit => async () => {
  await ctx.deps.sessionRecord?.admit(claims.roomId, claims.peerId);
};

/** Resume tokens outlive any session; the seat instance they name is what expires. */
const RESUME_TTL_S = 24 * 3600;

async function seatReply(ctx: HandlerContext, room: Room, peer: Peer) {
  const { config } = ctx.deps;
  const waiting = room.isWaiting(peer);
  const view = room.view(peer);
  return {
    roomId: room.id,
    peerId: peer.id,
    displayName: peer.displayName,
    role: peer.role,
    resumeToken: await issueResumeToken(config.authSecret, { roomId: room.id, peerId: peer.id, sessionId: peer.sessionId }, RESUME_TTL_S),
    graceMs: room.graceMs,
    ...view,
    admission: waiting ? ('waiting' as const) : ('admitted' as const),
    lobby: !waiting && peer.role === 'mediator' ? room.lobby.list() : [],
    iceServers: turnIceServers(config.turn, peer.id),
    uplinkGuard: config.uplinkGuard ?? true,
  };
}

/**
 * Seats or re-seats the socket; one at a time. What the room tells the new seat before
 * the ack has gone waits for it: the dispatcher releases it, in order, right after the ack.
 */
async function seating<T>(ctx: HandlerContext, fn: () => Promise<T>): Promise<T> {
  const { session } = ctx;
  if (session.seating || (session.peer && !session.peer.closed)) throw RoomErrors.alreadyJoined();
  session.seating = true;
  session.holdNotifications();
  try {
    return await fn();
  } finally {
    session.seating = false;
  }
}

export const join: Handler<'join'> = (ctx, { token }) =>
  seating(ctx, async () => {
    const claims = await verifyRoomToken(ctx.deps.config.authSecret, token);
    const room = await placementOf(ctx).forJoin(claims.roomId, admitOf(ctx, claims));
    const peer = room.join(claims, ctx.session);
    ctx.session.bind(room, peer);
    if (!room.isWaiting(peer) && room.isHost(peer)) await ctx.deps.sessionRecord?.hostArrived(room.id, peer.id);
    return { ...(await seatReply(ctx, room, peer)), routerRtpCapabilities: room.media.routerRtpCapabilities };
  });

export const resume: Handler<'resume'> = (ctx, { resumeToken }) =>
  seating(ctx, async () => {
    const claims = await verifyResumeToken(ctx.deps.config.authSecret, resumeToken);
    // another node hosts the room: ROOM_ELSEWHERE (admitted there); a room that died with its node is rebuilt here
    const room = await placementOf(ctx).forResume(claims.roomId, admitOf(ctx, claims));
    // Room gone: the client joins again with its join token.
    if (!room || room.closed) throw RoomErrors.sessionExpired();
    const peer = room.resume(claims.peerId, claims.sessionId, ctx.session);
    ctx.session.bind(room, peer);
    return {
      ...(await seatReply(ctx, room, peer)),
      producers: peer.producerInfos(),
      consumers: peer.consumerInfos(),
      media: peer.transports.size > 0 ? ('kept' as const) : ('new' as const),
      routerRtpCapabilities: room.media.routerRtpCapabilities,
    };
  });

export const leave: Handler<'leave'> = async (ctx) => {
  const { room, peer } = ctx.session.held();
  ctx.session.unbind();
  room.leave(peer);
  return {};
};
