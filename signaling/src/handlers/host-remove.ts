import type { Handler } from './context';
import { auditHostAction, hostSeat } from './host';

/** Host: remove a participant for good (`to: 'out'`, the default) or send them back to the lobby. */
export const hostRemove: Handler<'host:remove'> = async (ctx, { peerId, to = 'out' }) => {
  const { room, peer } = hostSeat(ctx);
  room.removeParticipant(peerId, to);
  // stored, so that the person's tokens do not seat them once this room has emptied
  if (to === 'out') await ctx.deps.sessionRecord?.removed(room.id, peerId, peer.id);
  auditHostAction(ctx, room, peer, to === 'lobby' ? 'room.toLobby' : 'room.remove', { peerId });
  return {};
};
