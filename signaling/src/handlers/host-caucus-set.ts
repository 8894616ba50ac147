import type { Handler } from './context';
import { auditHostAction, hostSeat } from './host';

/** Host: split the room into caucus groups (everyone not listed: the plenary). */
export const hostCaucusSet: Handler<'host:caucus:set'> = async (ctx, { groups }) => {
  const { room, peer } = hostSeat(ctx);
  const now = room.setCaucus(groups);
  auditHostAction(ctx, room, peer, 'room.caucus.set', { groups: now });
  return { groups: now };
};
