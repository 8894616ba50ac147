import type { Handler } from './context';
import { auditHostAction, hostSeat } from './host';

/** Host: hard-mute a microphone / stop a camera, or allow it again. */
export const hostMute: Handler<'host:mute'> = async (ctx, { peerId, source, muted }) => {
  const { room, peer } = hostSeat(ctx);
  await room.host.mute(peerId, source, muted);
  auditHostAction(ctx, room, peer, muted ? 'room.mute' : 'room.unmute', { peerId, source });
  return {};
};
