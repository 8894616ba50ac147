import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocateCaseNumber, caseYear, createCase, formatCaseNumber, judicialConfirmationDeadline } from '../src/cases';
import { seedDemo } from '../src/seed/demo';
import { createTestDatabase, type TestDatabase } from '../src/testing';
import { mode } from './helpers';

describe('case numbering rules', () => {
  it('formats year-township-sequence', () => {
    expect(formatCaseNumber(2026, '青山镇', 42)).toBe('2026-青山镇-0042');
    expect(formatCaseNumber(2026, '白水乡', 12345)).toBe('2026-白水乡-12345');
  });
  it('counts the year in China Standard Time', () => {
    expect(caseYear(new Date('2026-12-31T15:59:59Z'))).toBe(2026);
    expect(caseYear(new Date('2026-12-31T16:00:00Z'))).toBe(2027);
  });
  it('gives 30 days for judicial confirmation', () => {
    expect(judicialConfirmationDeadline(new Date('2026-03-01T02:00:00Z')).toISOString()).toBe('2026-03-31T02:00:00.000Z');
  });
});

describe(`case numbers under concurrency (${mode})`, () => {
  let db: TestDatabase;
  let mediatorId: string;
  let townships: Array<{ id: string; name: string; villages: Array<{ id: string }> }>;
  beforeAll(async () => {
    db = await createTestDatabase();
    await seedDemo(db.prisma, { password: 'test' });
    mediatorId = (await db.prisma.staffAccount.findFirstOrThrow({ where: { role: 'TOWNSHIP_MEDIATOR' } })).id;
    townships = await db.prisma.township.findMany({ orderBy: { name: 'asc' }, include: { villages: { select: { id: true } } } });
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('hands out unique, gap-free numbers per township and year when cases are created at once', async () => {
    const [a, b] = townships as [(typeof townships)[0], (typeof townships)[0]];
    const acceptedAt = new Date('2026-06-01T02:00:00Z');
    const jobs = [
      ...Array.from({ length: 24 }, (_, i) => ({ t: a, villageId: a.villages[i % a.villages.length]!.id })),
      ...Array.from({ length: 6 }, (_, i) => ({ t: b, villageId: b.villages[i % b.villages.length]!.id })),
    ];
    const created = await Promise.all(
      jobs.map((j, i) =>
        createCase(db.prisma, { villageId: j.villageId, category: 'NEIGHBOUR', intakeChannel: 'WALK_IN', description: `并发测试 ${i}`, createdById: mediatorId, acceptedAt }),
      ),
    );
    for (const [t, n] of [[a, 24], [b, 6]] as const) {
      const mine = created.filter((c) => c.townshipId === t.id);
      expect(mine.map((c) => c.sequence).sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i + 1));
      expect(new Set(mine.map((c) => c.caseNumber)).size).toBe(n);
      expect(mine.every((c) => c.caseNumber === formatCaseNumber(2026, t.name, c.sequence))).toBe(true);
    }
    const counters = await db.prisma.caseNumberCounter.findMany({ where: { year: 2026 } });
    expect(Object.fromEntries(counters.map((c) => [c.townshipId, c.lastNumber]))).toEqual({ [a.id]: 24, [b.id]: 6 });
    expect(await db.prisma.caseEvent.count({ where: { type: 'CREATED' } })).toBe(30);
  });

  it('starts again at 1 in a new year and gives back a number whose transaction rolled back', async () => {
    const t = townships[0]!;
    const next = await createCase(db.prisma, { townshipId: t.id, category: 'OTHER', intakeChannel: 'PHONE', description: '新年第一件', createdById: mediatorId, acceptedAt: new Date('2026-12-31T16:30:00Z') });
    expect(next.caseNumber).toBe(`2027-${t.name}-0001`);
    expect(next.handlingLevel).toBe('TOWNSHIP');

    await expect(
      db.prisma.$transaction(async (tx) => {
        expect(await allocateCaseNumber(tx, t.id, 2027)).toBe(2);
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    await db.prisma.$transaction(async (tx) => expect(await allocateCaseNumber(tx, t.id, 2027)).toBe(2));
  });
});
