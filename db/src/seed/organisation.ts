import type { StaffRole } from '../generated/prisma/client';
import { personName, phone, villageNames } from './names';
import type { Random } from './random';
import type { SeedTables } from './tables';

/** The generated county: 2 townships, 60 villages, their talk rooms and staff. */
export interface OrgVillage {
  id: string;
  name: string;
  townshipId: string;
  code: string;
  talkRoomId: string;
  operatorId: string;
  /** Relative number of disputes (a big village has more). */
  weight: number;
}

export interface OrgTownship {
  id: string;
  name: string;
  pinyin: string;
  talkRoomId: string;
  mediatorIds: string[];
  villages: OrgVillage[];
}

export interface Organisation {
  countyId: string;
  officeId: string;
  adminIds: string[];
  lawyerIds: string[];
  townships: OrgTownship[];
  villages: OrgVillage[];
  accounts: Array<{ id: string; username: string; role: StaffRole; displayName: string; townshipId: string | null; villageId: string | null }>;
}

export const COUNTY = { name: '云岭县', code: '990200' };
const TOWNSHIPS = [
  { name: '清河镇', pinyin: 'qinghe', code: '990200100', villages: 34, mediators: 3 },
  { name: '石桥乡', pinyin: 'shiqiao', code: '990200200', villages: 26, mediators: 3 },
];
const LAWYERS = 4;

export function planOrganisation(rnd: Random, t: SeedTables, at: Date, passwordHash: string): Organisation {
  const id = () => rnd.uuid7(at);
  const countyId = id();
  t.counties.add(countyId, COUNTY.code, COUNTY.name, at);
  const officeId = id();
  t.talkRooms.add(officeId, 'COUNTY_LEGAL_OFFICE', `${COUNTY.name}公共法律服务中心`, countyId, null, null, true, at);

  const accounts: Organisation['accounts'] = [];
  const staff = (username: string, role: StaffRole, displayName: string, where: { townshipId?: string; villageId?: string; talkRoomId?: string }) => {
    const sid = id();
    t.staff.add(sid, username, displayName, passwordHash, role, phone(rnd), countyId, where.townshipId ?? null, where.villageId ?? null, where.talkRoomId ?? null, true, at, at);
    accounts.push({ id: sid, username, role, displayName, townshipId: where.townshipId ?? null, villageId: where.villageId ?? null });
    return sid;
  };

  const adminIds = [staff('admin', 'COUNTY_ADMIN', `县司法局 ${personName(rnd)}`, {})];
  const lawyerIds = Array.from({ length: LAWYERS }, (_, i) => staff(`lawyer.${i + 1}`, 'COUNTY_LEGAL_ADVISOR', `${personName(rnd)}律师`, { talkRoomId: officeId }));

  const taken = new Set<string>();
  const townships: OrgTownship[] = [];
  for (const spec of TOWNSHIPS) {
    const townshipId = id();
    t.townships.add(townshipId, countyId, spec.code, spec.name, at);
    const talkRoomId = id();
    t.talkRooms.add(talkRoomId, 'TOWNSHIP_MEDIATION_ROOM', `${spec.name}人民调解委员会调解室`, countyId, townshipId, null, true, at);
    const mediatorIds = Array.from({ length: spec.mediators }, (_, i) =>
      staff(`mediator.${spec.pinyin}.${i + 1}`, 'TOWNSHIP_MEDIATOR', `${spec.name}调解员 ${personName(rnd)}`, { townshipId, talkRoomId }),
    );
    const villages: OrgVillage[] = villageNames(rnd, spec.villages, taken).map((name, i) => {
      const villageId = id();
      const code = `${spec.code}${String(i + 1).padStart(3, '0')}`;
      t.villages.add(villageId, townshipId, code, name, at);
      const roomId = id();
      t.talkRooms.add(roomId, 'VILLAGE_TALK_ROOM', `${name}说事拉理室`, countyId, townshipId, villageId, true, at);
      const operatorId = staff(`operator.${spec.pinyin}.${String(i + 1).padStart(2, '0')}`, 'VILLAGE_OPERATOR', `${name}说事拉理员 ${personName(rnd)}`, {
        townshipId,
        villageId,
        talkRoomId: roomId,
      });
      return { id: villageId, name, townshipId, code, talkRoomId: roomId, operatorId, weight: 0.4 + rnd.next() * 1.6 };
    });
    townships.push({ id: townshipId, name: spec.name, pinyin: spec.pinyin, talkRoomId, mediatorIds, villages });
  }
  return { countyId, officeId, adminIds, lawyerIds, townships, villages: townships.flatMap((x) => x.villages), accounts };
}
