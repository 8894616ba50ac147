import type { Handler } from './context';
import { auditHostAction, hostSeat } from './host';

/** Host: end the session for everyone (stored as the session's end; the room closes; every seat gets sessionEnded 'ended'). */
export const hostEnd: Handler<'host:end'> = async (ctx) => {
  const { room, peer } = hostSeat(ctx);
  // stored first: if it fails the room stays open (the ack says INTERNAL) and the host can end it again
  await ctx.deps.sessionRecord?.ended(room.id, peer.id);
  auditHostAction(ctx, room, peer, 'room.end', { peers: [...room.peers.keys()] });
  ctx.session.unbind();
  room.close('ended');
  return {};
};
