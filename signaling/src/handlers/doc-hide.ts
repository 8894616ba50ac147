import type { Handler } from './context';
import { auditHostAction } from './host';

/** Host or a talk-room operator: take down the document shown in their own group. */
export const docHide: Handler<'doc:hide'> = async (ctx) => {
  const { room, peer } = ctx.session.seat();
  const doc = room.docs.takeDown(peer);
  if (doc) auditHostAction(ctx, room, peer, 'document.hide', { documentId: doc.documentId, groupId: doc.groupId });
  return {};
};
