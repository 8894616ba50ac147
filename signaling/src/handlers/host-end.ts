import type { Handler } from './context';
import { auditHostAction, hostSeat } from './host';

/** Host: end the session for everyone (the room closes; every seat gets sessionEnded 'ended'). */
export const hostEnd: Handler<'host:end'> = async (ctx) => {
  const { room, peer } = hostSeat(ctx);
  auditHostAction(ctx, room, peer, 'room.end', { peers: [...room.peers.keys()] });
  ctx.session.unbind();
  room.close('ended');
  return {};
};
