import type { Handler } from './context';
import { auditHostAction, hostSeat } from './host';

/** Host: remove a participant from the room for good. */
export const hostRemove: Handler<'host:remove'> = async (ctx, { peerId }) => {
  const { room, peer } = hostSeat(ctx);
  room.removeParticipant(peerId);
  auditHostAction(ctx, room, peer, 'room.remove', { peerId });
  return {};
};
