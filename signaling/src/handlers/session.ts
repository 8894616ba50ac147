import { issueResumeToken, verifyResumeToken, verifyRoomToken } from '../auth/room-token';
import { RoomErrors } from '../rooms/errors';
import { turnIceServers } from '../rooms/ice-servers';
import type { Peer } from '../rooms/peer';
import type { Room } from '../rooms/room';
import type { Handler, HandlerContext } from './context';

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
    await ctx.deps.sessionRecord?.admit(claims.roomId, claims.peerId);
    const room = await ctx.deps.rooms.getOrCreate(claims.roomId);
    const peer = room.join(claims, ctx.session);
    ctx.session.bind(room, peer);
    if (!room.isWaiting(peer) && room.isHost(peer)) await ctx.deps.sessionRecord?.hostArrived(room.id, peer.id);
    return { ...(await seatReply(ctx, room, peer)), routerRtpCapabilities: room.media.routerRtpCapabilities };
  });

export const resume: Handler<'resume'> = (ctx, { resumeToken }) =>
  seating(ctx, async () => {
    const claims = await verifyResumeToken(ctx.deps.config.authSecret, resumeToken);
    await ctx.deps.sessionRecord?.admit(claims.roomId, claims.peerId);
    const room = ctx.deps.rooms.get(claims.roomId);
    // Room gone (or hosted by another node): the client joins again with its join token.
    if (!room || room.closed) throw RoomErrors.sessionExpired();
    const peer = room.resume(claims.peerId, claims.sessionId, ctx.session);
    ctx.session.bind(room, peer);
    return { ...(await seatReply(ctx, room, peer)), producers: peer.producerInfos(), consumers: peer.consumerInfos() };
  });

export const leave: Handler<'leave'> = async (ctx) => {
  const { room, peer } = ctx.session.held();
  ctx.session.unbind();
  room.leave(peer);
  return {};
};
