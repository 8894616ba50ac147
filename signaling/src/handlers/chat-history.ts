import type { Handler } from './context';

/** A page of the chat this seat may read now; every read is audited (`chat.read`). */
export const chatHistory: Handler<'chat:history'> = async (ctx, { before, limit }) => {
  const { room, peer } = ctx.session.seat();
  const groupId = room.caucus.group(peer.id);
  const page = room.chat.page(peer.id, groupId, { before, limit });
  void ctx.deps.audit?.({ roomId: room.id, actor: { peerId: peer.id, role: peer.role }, action: 'chat.read', details: { groupId, before: before ?? null, count: page.messages.length } });
  return page;
};
