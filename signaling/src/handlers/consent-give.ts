import type { Handler } from './context';
import { roomRecording } from './recording';

/** Anyone asked: agree or decline; an operator may answer for a villager of their talk room. */
export const consentGive: Handler<'consent:give'> = async (ctx, { decision, onBehalfOf }) => {
  const { room, peer } = ctx.session.seat();
  return roomRecording(ctx, room).give(peer, decision, onBehalfOf);
};
