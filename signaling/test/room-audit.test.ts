import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@shuoshi/db';
import { prismaRoomAudit } from '../src/rooms/room-audit';
import { seedEvidenceFixture, type EvidenceFixture } from './recording/fixture';

/** Host actions in a live room land in the audit log with the case of the session that owns the room. */
let db: TestDatabase;
let fx: EvidenceFixture;

beforeAll(async () => {
  db = await createTestDatabase();
  fx = await seedEvidenceFixture(db.prisma);
});

afterAll(async () => {
  await db?.drop();
});

describe('room audit', () => {
  it("writes a host action with the session's case; a room without a session gets no case", async () => {
    const audit = prismaRoomAudit(db.prisma, pino({ level: 'silent' }));
    const actor = { peerId: fx.staff.mediator.id, role: 'mediator' as const };
    await audit({ roomId: fx.roomId, actor, action: 'room.caucus.move', details: { peerId: 'p1', from: null, to: 'A' } });
    await audit({ roomId: 'no-such-room', actor, action: 'room.caucus.set', details: { groups: [] } });
    const rows = await db.prisma.auditLog.findMany({ where: { entityType: 'Room' }, orderBy: { id: 'asc' } });
    expect(rows.map((r) => ({ action: r.action, actorType: r.actorType, actorId: r.actorId, entityId: r.entityId, caseId: r.caseId, details: r.details }))).toEqual([
      {
        action: 'room.caucus.move',
        actorType: 'STAFF',
        actorId: fx.staff.mediator.id,
        entityId: fx.roomId,
        caseId: fx.caseId,
        details: { peerId: 'p1', from: null, to: 'A', sessionId: fx.sessionId },
      },
      { action: 'room.caucus.set', actorType: 'STAFF', actorId: fx.staff.mediator.id, entityId: 'no-such-room', caseId: null, details: { groups: [], sessionId: null } },
    ]);
  });
});
