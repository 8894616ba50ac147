import type { Handler } from './context';
import { auditHostAction, hostSeat } from './host';

/** Host: move one participant (or themself) into a caucus group, or back to the plenary. */
export const hostMove: Handler<'host:move'> = async (ctx, { peerId, groupId }) => {
  const { room, peer } = hostSeat(ctx);
  const from = room.caucus.group(peerId);
  const groups = room.moveToGroup(peerId, groupId);
  auditHostAction(ctx, room, peer, 'room.caucus.move', { peerId, from, to: groupId });
  return { groups };
};
