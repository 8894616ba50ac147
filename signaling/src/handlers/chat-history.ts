import type { Handler } from './context';

/** The chat this seat's group may read now. */
export const chatHistory: Handler<'chat:history'> = async (ctx) => {
  const { room, peer } = ctx.session.seat();
  return { messages: room.chat.visibleTo(room.caucus.group(peer.id)) };
};
