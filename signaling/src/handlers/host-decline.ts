import type { Handler } from './context';
import { auditHostAction, hostSeat } from './host';

/** Host: turn a waiting person away (they are told and may not wait in this room again). */
export const hostDecline: Handler<'host:decline'> = async (ctx, { peerId }) => {
  const { room, peer } = hostSeat(ctx);
  room.decline(peerId);
  auditHostAction(ctx, room, peer, 'room.decline', { peerId });
  return {};
};
