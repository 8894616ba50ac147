import { hashPassword, type PrismaClient, type StaffRole } from '@shuoshi/db';

/**
 * A known organisation for the API tests: 青山县 (two townships, three villages,
 * their talk rooms) with one account per role and a second one where the rules
 * need "someone else", plus 远山县, another county, for OUTSIDE_COUNTY.
 */
export const PASSWORD = 'correct horse 42';

export const STAFF = {
  admin: 'COUNTY_ADMIN',
  lawyer: 'COUNTY_LEGAL_ADVISOR',
  lawyer2: 'COUNTY_LEGAL_ADVISOR',
  mediator1: 'TOWNSHIP_MEDIATOR',
  mediator2: 'TOWNSHIP_MEDIATOR',
  operator1: 'VILLAGE_OPERATOR',
  operator1b: 'VILLAGE_OPERATOR',
  operator2: 'VILLAGE_OPERATOR',
  adminB: 'COUNTY_ADMIN',
  mediatorB: 'TOWNSHIP_MEDIATOR',
} as const satisfies Record<string, StaffRole>;
export type StaffKey = keyof typeof STAFF;

export interface Fixture {
  countyId: string;
  countyBId: string;
  townships: { t1: string; t2: string; tB: string };
  villages: { v1a: string; v1b: string; v2a: string; vB: string };
  rooms: { v1a: string; v1b: string; v2a: string; t1: string; t2: string; office: string; vB: string };
  staff: Record<StaffKey, { id: string; username: string; role: StaffRole; countyId: string; townshipId: string | null; villageId: string | null; talkRoomId: string | null; displayName: string }>;
  parties: { p1: string; p2: string; p3: string; p4: string };
}

export async function seedFixture(prisma: PrismaClient): Promise<Fixture> {
  const passwordHash = await hashPassword(PASSWORD);
  const county = await prisma.county.create({ data: { name: '青山县', code: '990100' } });
  const countyB = await prisma.county.create({ data: { name: '远山县', code: '990300' } });
  const t1 = await prisma.township.create({ data: { countyId: county.id, name: '青山镇' } });
  const t2 = await prisma.township.create({ data: { countyId: county.id, name: '白水乡' } });
  const tB = await prisma.township.create({ data: { countyId: countyB.id, name: '远山镇' } });
  const v1a = await prisma.village.create({ data: { townshipId: t1.id, name: '东坪村', code: '990100100001' } });
  const v1b = await prisma.village.create({ data: { townshipId: t1.id, name: '西岭村', code: '990100100002' } });
  const v2a = await prisma.village.create({ data: { townshipId: t2.id, name: '白水村', code: '990100200001' } });
  const vB = await prisma.village.create({ data: { townshipId: tB.id, name: '远山村', code: '990300100001' } });

  const villageRoom = (v: { id: string; townshipId: string; name: string }, countyId: string) =>
    prisma.talkRoom.create({ data: { kind: 'VILLAGE_TALK_ROOM', name: `${v.name}说事拉理室`, countyId, townshipId: v.townshipId, villageId: v.id } });
  const rooms = {
    v1a: (await villageRoom(v1a, county.id)).id,
    v1b: (await villageRoom(v1b, county.id)).id,
    v2a: (await villageRoom(v2a, county.id)).id,
    t1: (await prisma.talkRoom.create({ data: { kind: 'TOWNSHIP_MEDIATION_ROOM', name: '青山镇调解室', countyId: county.id, townshipId: t1.id } })).id,
    t2: (await prisma.talkRoom.create({ data: { kind: 'TOWNSHIP_MEDIATION_ROOM', name: '白水乡调解室', countyId: county.id, townshipId: t2.id } })).id,
    office: (await prisma.talkRoom.create({ data: { kind: 'COUNTY_LEGAL_OFFICE', name: '青山县公共法律服务中心', countyId: county.id } })).id,
    vB: (await villageRoom(vB, countyB.id)).id,
  };

  const where: Record<StaffKey, { countyId: string; townshipId?: string; villageId?: string; talkRoomId?: string }> = {
    admin: { countyId: county.id },
    lawyer: { countyId: county.id, talkRoomId: rooms.office },
    lawyer2: { countyId: county.id, talkRoomId: rooms.office },
    mediator1: { countyId: county.id, townshipId: t1.id, talkRoomId: rooms.t1 },
    mediator2: { countyId: county.id, townshipId: t2.id, talkRoomId: rooms.t2 },
    operator1: { countyId: county.id, townshipId: t1.id, villageId: v1a.id, talkRoomId: rooms.v1a },
    operator1b: { countyId: county.id, townshipId: t1.id, villageId: v1b.id, talkRoomId: rooms.v1b },
    operator2: { countyId: county.id, townshipId: t2.id, villageId: v2a.id, talkRoomId: rooms.v2a },
    adminB: { countyId: countyB.id },
    mediatorB: { countyId: countyB.id, townshipId: tB.id },
  };
  const staff = {} as Fixture['staff'];
  for (const [key, role] of Object.entries(STAFF) as Array<[StaffKey, StaffRole]>) {
    const s = await prisma.staffAccount.create({ data: { username: key, displayName: `测试 ${key}`, passwordHash, role, ...where[key] } });
    staff[key] = s;
  }
  const party = (name: string, villageId: string) => prisma.party.create({ data: { name, villageId, phone: '13800000000' } });
  const parties = {
    p1: (await party('刘大山', v1a.id)).id,
    p2: (await party('赵小河', v1a.id)).id,
    p3: (await party('孙白水', v2a.id)).id,
    p4: (await party('钱东坪', v1a.id)).id,
  };
  return {
    countyId: county.id,
    countyBId: countyB.id,
    townships: { t1: t1.id, t2: t2.id, tB: tB.id },
    villages: { v1a: v1a.id, v1b: v1b.id, v2a: v2a.id, vB: vB.id },
    rooms,
    staff,
    parties,
  };
}
