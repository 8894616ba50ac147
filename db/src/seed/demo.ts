import { randomInt } from 'node:crypto';
import type { PrismaClient, StaffRole } from '../generated/prisma/client';
import { hashPassword } from '../passwords';

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

  const plan: Array<Omit<DemoAccount, 'password'> & { key: string }> = [
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
  const byKey = new Map(accounts.map((a) => [a.key, a]));
  const account = (key: string) => byKey.get(key)!;

  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY}::bigint)`;
    if ((await tx.county.count()) > 0) return [];

    const county = await tx.county.create({ data: COUNTY });
    const office = await tx.talkRoom.create({ data: { kind: 'COUNTY_LEGAL_OFFICE', name: `${COUNTY.name}公共法律服务中心`, countyId: county.id } });

    const townshipIds: string[] = [];
    const townshipRooms: string[] = [];
    let firstVillage: { id: string; townshipId: string; roomId: string } | undefined;
    for (const t of TOWNSHIPS) {
      const township = await tx.township.create({ data: { name: t.name, code: t.code, countyId: county.id } });
      townshipIds.push(township.id);
      const room = await tx.talkRoom.create({ data: { kind: 'TOWNSHIP_MEDIATION_ROOM', name: `${t.name}人民调解委员会调解室`, countyId: county.id, townshipId: township.id } });
      townshipRooms.push(room.id);
      for (const [i, name] of t.villages.entries()) {
        const village = await tx.village.create({ data: { name, code: `${t.code}${String(i + 1).padStart(3, '0')}`, townshipId: township.id } });
        const vroom = await tx.talkRoom.create({
          data: { kind: 'VILLAGE_TALK_ROOM', name: `${name}说事拉理室`, countyId: county.id, townshipId: township.id, villageId: village.id },
        });
        firstVillage ??= { id: village.id, townshipId: township.id, roomId: vroom.id };
      }
    }

    const staff = (key: string, where: { townshipId?: string; villageId?: string; talkRoomId?: string }) => {
      const a = account(key);
      return tx.staffAccount.create({
        data: { username: a.username, displayName: a.displayName, role: a.role, passwordHash: a.passwordHash, countyId: county.id, ...where },
      });
    };
    await staff('admin', {});
    await staff('lawyer', { talkRoomId: office.id });
    await staff('mediator0', { townshipId: townshipIds[0]!, talkRoomId: townshipRooms[0]! });
    await staff('mediator1', { townshipId: townshipIds[1]!, talkRoomId: townshipRooms[1]! });
    await staff('operator', { townshipId: firstVillage!.townshipId, villageId: firstVillage!.id, talkRoomId: firstVillage!.roomId });

    await tx.auditLog.create({ data: { actorType: 'SYSTEM', action: 'demo.seeded', entityType: 'County', entityId: county.id, details: { accounts: accounts.map((a) => a.username) } } });
    return accounts.map(({ username, password, role, displayName }) => ({ username, password, role, displayName }));
  });
}

/** Easy to read aloud and type: e.g. "demo-4821-7390". */
function demoPassword(): string {
  return `demo-${randomInt(1000, 10000)}-${randomInt(1000, 10000)}`;
}
