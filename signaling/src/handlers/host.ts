import { RoomErrors } from '../rooms/errors';
import type { Peer } from '../rooms/peer';
import type { Room } from '../rooms/room';
import type { HandlerContext } from './context';

/** The held seat, when it is the host's (the mediator running the session, or whom they handed it to); NOT_HOST otherwise. */
export function hostSeat(ctx: HandlerContext): { room: Room; peer: Peer } {
  const seat = ctx.session.seat();
  if (!seat.room.isHost(seat.peer)) throw RoomErrors.notHost();
  return seat;
}

/** Records a host action (fire and forget: the action does not wait for the database). */
export function auditHostAction(ctx: HandlerContext, room: Room, host: Peer, action: string, details: Record<string, unknown>): void {
  void ctx.deps.audit?.({ roomId: room.id, actor: { peerId: host.id, role: host.role }, action, details });
}
