import type { Handler } from './context';
import { auditHostAction, hostSeat } from './host';

/** Host: lock the room (nobody new may join) or unlock it. */
export const hostLock: Handler<'host:lock'> = async (ctx, { locked }) => {
  const { room, peer } = hostSeat(ctx);
  room.host.setLocked(locked);
  auditHostAction(ctx, room, peer, locked ? 'room.lock' : 'room.unlock', {});
  return {};
};
