import type { PrismaClient } from '@shuoshi/db';
import type { ChatStore } from './chat';

/** Chat kept in `session_chat_messages` for rooms that belong to a Session; other rooms keep theirs in memory only. */
export function prismaChatStore(prisma: Pick<PrismaClient, 'session' | 'sessionChatMessage'>): ChatStore {
  const sessions = new Map<string, Promise<string | null>>();
  const sessionOf = (roomId: string) => {
    let s = sessions.get(roomId);
    if (!s) {
      s = prisma.session.findUnique({ where: { roomId }, select: { id: true } }).then((r) => r?.id ?? null);
      s.catch(() => sessions.delete(roomId));
      sessions.set(roomId, s);
      if (sessions.size > 1000) sessions.delete(sessions.keys().next().value!);
    }
    return s;
  };
  return {
    async load(roomId, limit) {
      const sessionId = await sessionOf(roomId);
      if (!sessionId) return [];
      // the latest (a live room keeps no more), oldest first
      const rows = await prisma.sessionChatMessage.findMany({ where: { sessionId }, orderBy: [{ at: 'desc' }, { id: 'desc' }], take: limit });
      return rows.reverse().map((r) => ({ messageId: r.id, peerId: r.peerId, displayName: r.displayName, text: r.text, at: r.at.toISOString(), groupId: r.groupId }));
    },
    async save(roomId, m, role) {
      const sessionId = await sessionOf(roomId);
      if (!sessionId) return false;
      await prisma.sessionChatMessage.create({
        data: { id: m.messageId, sessionId, peerId: m.peerId, displayName: m.displayName, role, groupId: m.groupId, text: m.text, at: new Date(m.at) },
      });
      return true;
    },
  };
}
