import type { PrismaClient } from '@shuoshi/db';
import { assertStanding, holderOfPeer } from '../auth/standing';
import { recordSessionLife } from '../domain/session-life';
import { AppError } from '../errors';
import type { Logger } from '../logger';
import { RoomErrors } from './errors';

/**
 * What outlives a live room, kept in the database: who the host removed for good, and
 * the session's start and end. A room is per node and forgets everything when it
 * empties; a join token lives four hours. So every join and resume asks this first:
 * the session is not over, the person was not removed, and the staff account or
 * device behind the seat still stands.
 */
export interface SessionRecord {
  /** Throws SESSION_OVER, FORBIDDEN (removed) or UNAUTHORIZED (account disabled, device revoked). */
  admit(roomId: string, peerId: string): Promise<void>;
  /** A host took a seat: the session has started (first time only). */
  hostArrived(roomId: string, hostPeerId: string): Promise<void>;
  /** The host ended the room: the session is over. */
  ended(roomId: string, hostPeerId: string): Promise<void>;
  /** The host removed `peerId` for good. */
  removed(roomId: string, peerId: string, hostPeerId: string): Promise<void>;
}

export function prismaSessionRecord(prisma: PrismaClient, log: Logger, now: () => Date = () => new Date()): SessionRecord {
  return {
    async admit(roomId, peerId) {
      const [session, removal] = await Promise.all([
        prisma.session.findUnique({ where: { roomId }, select: { endedAt: true, cancelledAt: true } }),
        prisma.roomRemoval.findUnique({ where: { roomId_peerId: { roomId, peerId } }, select: { id: true } }),
      ]);
      if (session && (session.endedAt || session.cancelledAt)) throw RoomErrors.sessionOver();
      if (removal) throw RoomErrors.forbidden('the host removed you from this room');
      const holder = holderOfPeer(peerId);
      if (!holder) return;
      try {
        await assertStanding(prisma, holder);
      } catch (err) {
        if (err instanceof AppError && err.statusCode === 401) throw RoomErrors.unauthorized(err.message);
        throw err;
      }
    },
    async hostArrived(roomId, hostPeerId) {
      // the seat is taken already: a failure to write the start is logged, not the host's problem
      await recordSessionLife(prisma, roomId, 'start', hostPeerId, now()).catch((err: unknown) => log.error({ err, roomId }, 'cannot record the session start'));
    },
    async ended(roomId, hostPeerId) {
      await recordSessionLife(prisma, roomId, 'end', hostPeerId, now());
    },
    async removed(roomId, peerId, hostPeerId) {
      await prisma.roomRemoval.upsert({
        where: { roomId_peerId: { roomId, peerId } },
        create: { roomId, peerId, removedBy: hostPeerId, removedAt: now() },
        update: {},
      });
    },
  };
}
