import type { PrismaClient } from '@shuoshi/db';
import type { Role } from '@shuoshi/protocol';
import type { Logger } from '../logger';

/** A host action in a live room, for the audit log. */
export interface RoomAuditEntry {
  roomId: string;
  actor: { peerId: string; role: Role };
  action: string;
  details: Record<string, unknown>;
}

/** Writes an AuditLog row; resolves even when writing fails (logged), so media never waits on it. */
export type RoomAudit = (entry: RoomAuditEntry) => Promise<void>;

const actorType = (role: Role) => (role === 'party' ? 'PARTY' : role === 'operator' ? 'DEVICE' : 'STAFF');

/** Audit rows name the case of the session that owns the room, when there is one. */
export function prismaRoomAudit(prisma: Pick<PrismaClient, 'auditLog' | 'session'>, log: Logger): RoomAudit {
  return async (e) => {
    try {
      const session = await prisma.session.findUnique({ where: { roomId: e.roomId }, select: { id: true, caseId: true } });
      await prisma.auditLog.create({
        data: {
          actorType: actorType(e.actor.role),
          actorId: e.actor.peerId,
          action: e.action,
          entityType: 'Room',
          entityId: e.roomId,
          caseId: session?.caseId ?? null,
          details: { ...e.details, sessionId: session?.id ?? null } as never,
        },
      });
    } catch (err) {
      log.error({ err, roomId: e.roomId, action: e.action }, 'cannot write the audit log');
    }
  };
}
