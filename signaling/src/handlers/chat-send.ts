import type { Handler } from './context';

/** An admitted seat says something to its caucus group (the plenary if none). */
export const chatSend: Handler<'chat:send'> = async (ctx, { text }) => {
  const { room, peer } = ctx.session.seat();
  return { message: room.chat.say(peer, text) };
};
