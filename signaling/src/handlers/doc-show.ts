import { RoomErrors } from '../rooms/errors';
import type { Handler } from './context';
import { auditHostAction } from './host';

/** Host or a talk-room operator: show a document of the session's case file to their own caucus group. */
export const docShow: Handler<'doc:show'> = async (ctx, { documentId }) => {
  const { room, peer } = ctx.session.seat();
  room.docs.checkPresenter(peer, 'show'); // before the case file is looked up
  const doc = await ctx.deps.documents?.find(room.id, documentId);
  if (!doc) throw RoomErrors.documentNotFound();
  const groupId = room.docs.present(peer, doc);
  auditHostAction(ctx, room, peer, 'document.show', { documentId, groupId });
  return {};
};
