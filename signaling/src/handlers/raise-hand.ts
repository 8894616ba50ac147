import type { Handler } from './context';

/** Anyone: raise or lower their hand. */
export const raiseHand: Handler<'raiseHand'> = async (ctx, { raised }) => {
  const { room, peer } = ctx.session.seat();
  room.host.raiseHand(peer, raised);
  return {};
};
