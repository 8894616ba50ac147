import type { Handler } from './context';
import { roomRecording } from './recording';

/** The villagers present this seat may answer the consent question for (the kiosk's grid-worker panel). */
export const consentProxies: Handler<'consent:proxies'> = async (ctx) => {
  const { room, peer } = ctx.session.seat();
  return { peerIds: await roomRecording(ctx, room).proxiesFor(peer) };
};
