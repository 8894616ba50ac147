import type { Handler } from './context';
import { hostSeat } from './host';
import { roomRecording } from './recording';

/** Host: stop recording; every file is finalised. */
export const recordingStop: Handler<'recording:stop'> = async (ctx) => {
  const { room, peer } = hostSeat(ctx);
  return roomRecording(ctx, room).stop(peer);
};
