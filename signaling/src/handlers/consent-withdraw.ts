import type { Handler } from './context';
import { roomRecording } from './recording';

/** Anyone in the round: take back consent; the recording of everyone stops. */
export const consentWithdraw: Handler<'consent:withdraw'> = async (ctx) => {
  const { room, peer } = ctx.session.seat();
  return roomRecording(ctx, room).withdraw(peer);
};
