import type { Handler } from './context';
import { auditHostAction, hostSeat } from './host';

/** Host: hand the host role to a co-mediator. */
export const hostHandoff: Handler<'host:handoff'> = async (ctx, { peerId }) => {
  const { room, peer } = hostSeat(ctx);
  room.host.handTo(peerId);
  auditHostAction(ctx, room, peer, 'room.host.handoff', { to: peerId });
  return {};
};
