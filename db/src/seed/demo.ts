import { randomInt } from 'node:crypto';
import type { PrismaClient, StaffRole } from '../generated/prisma/client';
import { hashPassword } from '../passwords';
import { createCounty, createStaffAccount, createTownship, createVillage } from '../organisation';

/**
 * A small demo organisation for first runs and manual testing:
 * 青山县 with two townships of five villages each, a 说事拉理室 per village, a
 * 调解室 per township, the county legal office, and five sign-ins.
 */

export interface DemoAccount {
  username: string;
  password: string;
  role: StaffRole;
  displayName: string;
  /** Where the account works: the county, the township, or the grid worker's village. */
  place: string;
}

export interface SeedDemoOptions {
  /** One password for every account; default: a random one per account. */
  password?: string;
}

const COUNTY = { name: '青山县', code: '990100' };
const TOWNSHIPS = [
  { name: '青山镇', pinyin: 'qingshan', code: '990100100', villages: ['东坪村', '西岭村', '南溪村', '北塘村', '桃花村'] },
  { name: '白水乡', pinyin: 'baishui', code: '990100200', villages: ['白水村', '石门村', '柳树村', '河湾村', '枫林村'] },
];

/** Serialises two nodes seeding the same empty database. */
const SEED_LOCK_KEY = 72707370;

/**
 * Creates the demo organisation unless a county already exists; returns the
 * sign-ins it created (empty when it did nothing). Safe to call on every start.
 */
export async function seedDemo(prisma: PrismaClient, opts: SeedDemoOptions = {}): Promise<DemoAccount[]> {
  if ((await prisma.county.count()) > 0) return [];

  const plan: Array<Omit<DemoAccount, 'password' | 'place'> & { key: string }> = [
    { key: 'admin', username: 'admin', role: 'COUNTY_ADMIN', displayName: '县管理员 周敏' },
    { key: 'lawyer', username: 'lawyer', role: 'COUNTY_LEGAL_ADVISOR', displayName: '法律顾问 陈律师' },
    { key: 'mediator0', username: `mediator.${TOWNSHIPS[0]!.pinyin}`, role: 'TOWNSHIP_MEDIATOR', displayName: `${TOWNSHIPS[0]!.name}调解员 李明` },
    { key: 'mediator1', username: `mediator.${TOWNSHIPS[1]!.pinyin}`, role: 'TOWNSHIP_MEDIATOR', displayName: `${TOWNSHIPS[1]!.name}调解员 王芳` },
    { key: 'operator', username: 'operator.dongping', role: 'VILLAGE_OPERATOR', displayName: '东坪村说事拉理员 张强' },
  ];
  // Hash before the transaction: argon2 takes ~50 ms a password.
  const accounts = await Promise.all(
    plan.map(async (a) => {
      const password = opts.password ?? demoPassword();
      return { ...a, password, passwordHash: await hashPassword(password) };
    }),
  );

  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY}::bigint)`;
    if ((await tx.county.count()) > 0) return [];

    // the same path as the administrator's API and `npm run user:create` (../organisation.ts)
    const { county } = await createCounty(tx, COUNTY);
    const townships: Array<{ id: string; name: string }> = [];
    let firstVillage: { id: string; name: string; roomId: string } | undefined;
    for (const t of TOWNSHIPS) {
      const { township } = await createTownship(tx, { countyId: county.id, name: t.name, code: t.code });
      townships.push(township);
      for (const [i, name] of t.villages.entries()) {
        const { village, talkRoom } = await createVillage(tx, { countyId: county.id, townshipId: township.id, name, code: `${t.code}${String(i + 1).padStart(3, '0')}` });
        firstVillage ??= { id: village.id, name: village.name, roomId: talkRoom.id };
      }
    }

    const where: Record<string, { townshipId?: string; talkRoomId?: string; place: string }> = {
      admin: { place: COUNTY.name },
      lawyer: { place: COUNTY.name },
      mediator0: { townshipId: townships[0]!.id, place: townships[0]!.name },
      mediator1: { townshipId: townships[1]!.id, place: townships[1]!.name },
      operator: { talkRoomId: firstVillage!.roomId, place: firstVillage!.name },
    };
    for (const a of accounts) {
      const { place: _place, ...at } = where[a.key]!;
      await createStaffAccount(tx, { countyId: county.id, username: a.username, displayName: a.displayName, role: a.role, passwordHash: a.passwordHash, ...at });
    }

    await tx.auditLog.create({ data: { actorType: 'SYSTEM', action: 'demo.seeded', entityType: 'County', entityId: county.id, details: { accounts: accounts.map((a) => a.username) } } });
    return accounts.map(({ key, username, password, role, displayName }) => ({ username, password, role, displayName, place: where[key]!.place }));
  });
}

/** Easy to read aloud and type: e.g. "demo-4821-7390". */
function demoPassword(): string {
  return `demo-${randomInt(1000, 10000)}-${randomInt(1000, 10000)}`;
}
