import { RoomErrors } from '../rooms/errors';
import type { Handler } from './context';
import { auditHostAction } from './host';

/** Host or a talk-room operator: show a document of the session's case file to their own caucus group. */
export const docShow: Handler<'doc:show'> = async (ctx, { documentId }) => {
  const { room, peer } = ctx.session.seat();
  if (!room.isHost(peer) && peer.role !== 'operator') throw RoomErrors.forbidden('only the host or a talk-room operator may show documents');
  const doc = await ctx.deps.documents?.find(room.id, documentId);
  if (!doc) throw RoomErrors.documentNotFound();
  if (peer.closed) throw RoomErrors.sessionExpired();
  const groupId = room.caucus.group(peer.id);
  const shared = { ...doc, byPeerId: peer.id, groupId };
  room.docs.show(shared, room.audienceOf(groupId));
  for (const p of room.inGroup(groupId)) p.notify('docShown', room.docs.addressed(shared, p));
  auditHostAction(ctx, room, peer, 'document.show', { documentId, groupId });
  return {};
};
