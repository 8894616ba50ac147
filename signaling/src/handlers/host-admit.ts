import type { Handler } from './context';
import { auditHostAction, hostSeat } from './host';

/** Host: let one waiting person in from the lobby. */
export const hostAdmit: Handler<'host:admit'> = async (ctx, { peerId }) => {
  const { room, peer } = hostSeat(ctx);
  room.admit(peerId);
  auditHostAction(ctx, room, peer, 'room.admit', { peerId });
  return {};
};
