import type { Handler } from './context';
import { auditHostAction, hostSeat } from './host';

/** Host: let everyone waiting in. */
export const hostAdmitAll: Handler<'host:admitAll'> = async (ctx) => {
  const { room, peer } = hostSeat(ctx);
  const peerIds = room.admitAll();
  if (peerIds.length) auditHostAction(ctx, room, peer, 'room.admit', { peerIds });
  return { peerIds };
};
