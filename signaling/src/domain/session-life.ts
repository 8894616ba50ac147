import type { Prisma, PrismaClient } from '@shuoshi/db';
import { holderOfPeer } from '../auth/standing';

/**
 * The live room's life written to its session: the first host in starts it
 * (`startedAt`), the host ending the room (`host:end`) ends it (`endedAt`), with the
 * same case events as the REST start and end. Idempotent: a session started or ended
 * already keeps its time. A room without a session (none has this room id) changes nothing.
 */
export async function recordSessionLife(prisma: PrismaClient, roomId: string, what: 'start' | 'end', hostPeerId: string, at: Date): Promise<void> {
  const holder = holderOfPeer(hostPeerId);
  const actorId = holder?.kind === 'staff' ? holder.id : null;
  await prisma.$transaction(async (tx) => {
    const s = await tx.session.findUnique({ where: { roomId }, select: { id: true, caseId: true, startedAt: true, endedAt: true } });
    if (!s || s.endedAt) return;
    const events: Array<'SESSION_STARTED' | 'SESSION_ENDED'> = [];
    const data: Prisma.SessionUpdateManyMutationInput = {};
    if (!s.startedAt) {
      data.startedAt = at;
      events.push('SESSION_STARTED');
    }
    if (what === 'end') {
      data.endedAt = at;
      events.push('SESSION_ENDED');
    }
    if (events.length === 0) return;
    const n = await tx.session.updateMany({ where: { id: s.id, endedAt: null, ...(what === 'start' ? { startedAt: null } : {}) }, data });
    if (n.count !== 1 || !s.caseId) return;
    for (const type of events) await tx.caseEvent.create({ data: { caseId: s.caseId, type, actorId, at, payload: { sessionId: s.id, via: 'live-room' } } });
  });
}
