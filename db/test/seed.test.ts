import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '../src/seed/demo';
import { verifyPassword } from '../src/passwords';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { mode } from './helpers';

describe(`seedDemo (${mode})`, () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  const counts = async () => ({
    counties: await db.prisma.county.count(),
    townships: await db.prisma.township.count(),
    villages: await db.prisma.village.count(),
    talkRooms: await db.prisma.talkRoom.count(),
    staff: await db.prisma.staffAccount.count(),
  });

  it('creates the demo organisation with working sign-ins', async () => {
    const accounts = await seedDemo(db.prisma);
    expect(accounts.map((a) => a.role).sort()).toEqual(['COUNTY_ADMIN', 'COUNTY_LEGAL_ADVISOR', 'TOWNSHIP_MEDIATOR', 'TOWNSHIP_MEDIATOR', 'VILLAGE_OPERATOR']);
    expect(await counts()).toEqual({ counties: 1, townships: 2, villages: 10, talkRooms: 13, staff: 5 });

    for (const a of accounts) {
      const row = await db.prisma.staffAccount.findUniqueOrThrow({ where: { username: a.username } });
      expect(row.passwordHash).not.toContain(a.password);
      expect(await verifyPassword(row.passwordHash, a.password)).toBe(true);
      expect(await verifyPassword(row.passwordHash, `${a.password}x`)).toBe(false);
    }
    // every village has its talk room; the operator sits in one
    const villages = await db.prisma.village.findMany({ include: { talkRooms: true } });
    expect(villages.every((v) => v.talkRooms.length === 1 && v.talkRooms[0]!.kind === 'VILLAGE_TALK_ROOM')).toBe(true);
    const operator = await db.prisma.staffAccount.findFirstOrThrow({ where: { role: 'VILLAGE_OPERATOR' }, include: { talkRoom: true } });
    expect(operator.talkRoom?.villageId).toBe(operator.villageId);
  });

  it('does nothing the second time', async () => {
    const before = await counts();
    expect(await seedDemo(db.prisma)).toEqual([]);
    expect(await counts()).toEqual(before);
  });

  it('two nodes seeding an empty database at once seed it once', async () => {
    const fresh = await createTestDatabase();
    try {
      const results = await Promise.all([seedDemo(fresh.prisma, { password: 'p1' }), seedDemo(fresh.prisma, { password: 'p2' })]);
      expect(results.map((r) => r.length).sort()).toEqual([0, 5]);
      expect(await fresh.prisma.county.count()).toBe(1);
    } finally {
      await fresh.drop();
    }
  });
});
