import type { PrismaClient, StaffAccount } from '@shuoshi/db';
import { createCase } from '@shuoshi/db';

/**
 * The smallest organisation the evidence tests need: one township with two
 * villages, a mediator of the township, an operator of the *other* village (who may
 * not see the case), a county administrator, two parties, an open case in
 * mediation and its session.
 */
export interface EvidenceFixture {
  countyId: string;
  townshipId: string;
  villageId: string;
  staff: {
    mediator: StaffAccount;
    otherOperator: StaffAccount;
    admin: StaffAccount;
  };
  parties: { a: { id: string; name: string }; b: { id: string; name: string } };
  caseId: string;
  caseNumber: string;
  sessionId: string;
  roomId: string;
}


export async function seedEvidenceFixture(prisma: PrismaClient, roomId = `room-${Math.random().toString(36).slice(2, 10)}`): Promise<EvidenceFixture> {
  const county = await prisma.county.create({ data: { name: '青山县', code: '990100' } });
  const township = await prisma.township.create({ data: { countyId: county.id, name: '青山镇' } });
  const village = await prisma.village.create({ data: { townshipId: township.id, name: '东坪村', code: '990100100001' } });
  const otherVillage = await prisma.village.create({ data: { townshipId: township.id, name: '西岭村', code: '990100100002' } });
  const passwordHash = 'not-used-in-these-tests';
  const mediator = await prisma.staffAccount.create({
    data: { username: 'mediator', displayName: '调解员 李明', role: 'TOWNSHIP_MEDIATOR', countyId: county.id, townshipId: township.id, passwordHash },
  });
  const otherOperator = await prisma.staffAccount.create({
    data: { username: 'operator.xiling', displayName: '西岭村说事拉理员', role: 'VILLAGE_OPERATOR', countyId: county.id, townshipId: township.id, villageId: otherVillage.id, passwordHash },
  });
  const admin = await prisma.staffAccount.create({ data: { username: 'admin', displayName: '县管理员', role: 'COUNTY_ADMIN', countyId: county.id, passwordHash } });
  const a = await prisma.party.create({ data: { name: '刘大山', villageId: village.id, phone: '13800000001', idNumberMasked: '110101********1234' } });
  const b = await prisma.party.create({ data: { name: '赵小河', villageId: village.id, phone: '13800000002' } });
  const c = await createCase(prisma, {
    villageId: village.id,
    category: 'LAND_HOMESTEAD',
    intakeChannel: 'WALK_IN',
    description: '两户宅基地界址争议：刘家新砌院墙占用赵家通道约半米。',
    createdById: mediator.id,
    parties: [
      { partyId: a.id, side: 'A' },
      { partyId: b.id, side: 'B' },
    ],
  });
  await prisma.case.update({ where: { id: c.id }, data: { status: 'IN_MEDIATION' } });
  const session = await prisma.session.create({ data: { kind: 'MEDIATION', caseId: c.id, roomId, hostId: mediator.id, startedAt: new Date() } });
  return {
    countyId: county.id,
    townshipId: township.id,
    villageId: village.id,
    staff: { mediator, otherOperator, admin },
    parties: { a: { id: a.id, name: a.name }, b: { id: b.id, name: b.name } },
    caseId: c.id,
    caseNumber: c.caseNumber,
    sessionId: session.id,
    roomId,
  };
}
