import type { Handler } from './context';
import { auditHostAction, hostSeat } from './host';

/** Host: one person, or the whole room, on audio only for a weak link, or back to video (rooms/audio-only-orders.ts). */
export const hostAudioOnly: Handler<'host:audioOnly'> = async (ctx, { peerId, on }) => {
  const { room, peer } = hostSeat(ctx);
  await room.audioOnly.set(peerId, on);
  auditHostAction(ctx, room, peer, on ? 'room.audioOnly' : 'room.audioOnly.off', { peerId: peerId ?? 'all' });
  return {};
};
