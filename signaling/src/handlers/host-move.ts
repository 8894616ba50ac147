import { RoomErrors } from '../rooms/errors';
import type { Handler } from './context';
import { auditHostAction, hostSeat } from './host';

/** Host: move one participant (or themself) into a caucus group, or back to the plenary. */
export const hostMove: Handler<'host:move'> = async (ctx, { peerId, groupId, label }) => {
  const { room, peer } = hostSeat(ctx);
  if ((groupId === undefined) === (label === undefined)) throw RoomErrors.badRequest('host:move: give either groupId (a group that exists, or null) or label (a new group)');
  const from = room.caucus.group(peerId);
  const groups = room.moveToGroup(peerId, label === undefined ? (groupId ?? null) : { label });
  auditHostAction(ctx, room, peer, 'room.caucus.move', { peerId, from, to: room.caucus.group(peerId), label: label ?? null });
  return { groups };
};
