import { randomUUID } from 'node:crypto';
import type { Prisma } from '@shuoshi/db';

/**
 * The live session of a consultation, made when a lawyer accepts it from the queue
 * or starts a call-back: hosted by the lawyer, inviting the talk room that asked
 * (its devices) and the operator who asked, if one did.
 */
export async function createConsultationSession(
  tx: Prisma.TransactionClient,
  c: { id: string; talkRoomId: string; requestedById: string | null },
  lawyerId: string,
  at: Date,
) {
  const session = await tx.session.create({
    data: { kind: 'CONSULTATION', consultationId: c.id, roomId: `r-${randomUUID()}`, hostId: lawyerId, startedAt: at, createdAt: at },
  });
  await tx.sessionInvite.createMany({
    data: [
      { sessionId: session.id, talkRoomId: c.talkRoomId, invitedById: lawyerId, invitedAt: at },
      ...(c.requestedById && c.requestedById !== lawyerId ? [{ sessionId: session.id, staffId: c.requestedById, invitedById: lawyerId, invitedAt: at }] : []),
    ],
  });
  return session;
}
