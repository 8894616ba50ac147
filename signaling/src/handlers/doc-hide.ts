import { RoomErrors } from '../rooms/errors';
import type { Handler } from './context';
import { auditHostAction } from './host';

/** Host or a talk-room operator: take down the document shown in their own group. */
export const docHide: Handler<'doc:hide'> = async (ctx) => {
  const { room, peer } = ctx.session.seat();
  if (!room.isHost(peer) && peer.role !== 'operator') throw RoomErrors.forbidden('only the host or a talk-room operator may hide documents');
  const groupId = room.caucus.group(peer.id);
  const doc = room.docs.hide(groupId);
  if (!doc) return {};
  for (const p of room.inGroup(groupId)) p.notify('docHidden', { documentId: doc.documentId, groupId });
  auditHostAction(ctx, room, peer, 'document.hide', { documentId: doc.documentId, groupId });
  return {};
};
