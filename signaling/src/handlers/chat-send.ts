import { RoomErrors } from '../rooms/errors';
import type { Handler } from './context';

/** An admitted seat says something to its caucus group (the plenary if none). */
export const chatSend: Handler<'chat:send'> = async (ctx, { text }) => {
  const { room, peer } = ctx.session.seat();
  const trimmed = text.trim();
  if (!trimmed) throw RoomErrors.badRequest('chat:send: the text is only blanks');
  const groupId = room.caucus.group(peer.id);
  const message = room.chat.post({ peerId: peer.id, displayName: peer.displayName, role: peer.role }, groupId, room.audienceOf(groupId), trimmed);
  for (const p of room.inGroup(groupId)) if (p !== peer) p.notify('chat', message);
  return { message };
};
