import type { Handler } from './context';
import { hostSeat } from './host';
import { roomRecording } from './recording';

/** Host: ask everyone present for consent; recording starts once all have agreed (audited by the room recording). */
export const recordingStart: Handler<'recording:start'> = async (ctx) => {
  const { room, peer } = hostSeat(ctx);
  return roomRecording(ctx, room).start(peer);
};
