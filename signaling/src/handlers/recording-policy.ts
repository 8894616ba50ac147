import type { Handler } from './context';
import { hostSeat } from './host';
import { roomRecording } from './recording';

/** Host, between rounds: whether caucus groups are recorded (default: not, a caucus is confidential). */
export const recordingPolicy: Handler<'recording:policy'> = async (ctx, { recordCaucus }) => {
  const { room, peer } = hostSeat(ctx);
  return roomRecording(ctx, room).setPolicy(peer, recordCaucus);
};
