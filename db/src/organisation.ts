import { randomInt } from 'node:crypto';
import type { Prisma, PrismaClient, StaffAccount, StaffRole, TalkRoom, TalkRoomKind } from './generated/prisma/client';
import { DbError } from './errors';
import { hashPassword } from './passwords';

/**
 * Creating a county's organisation: counties, townships (with their 调解室), villages
 * (with their 说事拉理室), talk rooms and staff accounts. The ONE path used by the
 * REST API (signaling/src/domain/org-admin.ts adds the policy and the audit), the
 * `npm run user:create` command and the demo seed (seed/demo.ts).
 *
 * Every function takes a client or a transaction; the caller checks who may do it.
 * The ids a caller passes are checked against the county here too (a forged id of
 * another county is refused, whatever the caller checked before).
 */
type Db = PrismaClient | Prisma.TransactionClient;

export const OrgSetupCode = {
  /** A township, village or talk room of that name exists already in the same place. */
  NameTaken: 'NAME_TAKEN',
  UsernameTaken: 'USERNAME_TAKEN',
  /** The township, village or talk room does not exist in this county. */
  UnknownDivision: 'UNKNOWN_DIVISION',
  /** A deactivated township, village or talk room is offered for nothing new. */
  DivisionInactive: 'DIVISION_INACTIVE',
  /** The role needs another kind of place (a mediator a township, a grid worker a village talk room...). */
  JurisdictionMismatch: 'JURISDICTION_MISMATCH',
} as const;
export type OrgSetupCode = (typeof OrgSetupCode)[keyof typeof OrgSetupCode];

export class OrgSetupError extends DbError {
  constructor(
    override readonly code: OrgSetupCode,
    message: string,
  ) {
    super(code, message);
  }
}

/** Easy to read out and type, e.g. "4821-7390-1265-0448" (~53 bits; argon2 and sign-in throttling do the rest). */
export function newPassword(): string {
  return Array.from({ length: 4 }, () => String(randomInt(0, 10000)).padStart(4, '0')).join('-');
}

const isUniqueViolation = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: string }).code === 'P2002';

async function unique<T>(what: () => Promise<T>, code: OrgSetupCode, message: string): Promise<T> {
  try {
    return await what();
  } catch (e) {
    if (isUniqueViolation(e)) throw new OrgSetupError(code, message);
    throw e;
  }
}

export const legalOfficeName = (county: string) => `${county}公共法律服务中心`;
export const mediationRoomName = (township: string) => `${township}人民调解委员会调解室`;
export const villageTalkRoomName = (village: string) => `${village}说事拉理室`;

/** A county and its legal office (公共法律服务中心), where its lawyers sit. */
export async function createCounty(db: Db, c: { name: string; code?: string | null }) {
  const county = await unique(() => db.county.create({ data: { name: c.name, code: c.code ?? null } }), OrgSetupCode.NameTaken, `a county with code ${c.code} exists`);
  const office = await db.talkRoom.create({ data: { kind: 'COUNTY_LEGAL_OFFICE', name: legalOfficeName(c.name), countyId: county.id } });
  return { county, office };
}

/** The county of that name, created (with its legal office) when there is none. */
export async function ensureCounty(db: Db, c: { name: string; code?: string | null }) {
  const existing = await db.county.findFirst({ where: { name: c.name }, orderBy: { createdAt: 'asc' } });
  if (existing) return { county: existing, created: false };
  return { county: (await createCounty(db, c)).county, created: true };
}

/** A township (乡镇) and its mediation room (调解室). */
export async function createTownship(db: Db, t: { countyId: string; name: string; code?: string | null }) {
  const township = await unique(
    () => db.township.create({ data: { countyId: t.countyId, name: t.name, code: t.code ?? null } }),
    OrgSetupCode.NameTaken,
    `the county has a township named ${t.name} (or that code) already`,
  );
  const mediationRoom = await db.talkRoom.create({ data: { kind: 'TOWNSHIP_MEDIATION_ROOM', name: mediationRoomName(t.name), countyId: t.countyId, townshipId: township.id } });
  return { township, mediationRoom };
}

async function activeTownship(db: Db, countyId: string, townshipId: string) {
  const township = await db.township.findUnique({ where: { id: townshipId } });
  if (!township || township.countyId !== countyId) throw new OrgSetupError(OrgSetupCode.UnknownDivision, 'no such township in this county');
  if (!township.active) throw new OrgSetupError(OrgSetupCode.DivisionInactive, `${township.name} is deactivated`);
  return township;
}

async function activeVillage(db: Db, countyId: string, villageId: string) {
  const village = await db.village.findUnique({ where: { id: villageId }, include: { township: true } });
  if (!village || village.township.countyId !== countyId) throw new OrgSetupError(OrgSetupCode.UnknownDivision, 'no such village in this county');
  if (!village.active || !village.township.active) throw new OrgSetupError(OrgSetupCode.DivisionInactive, `${village.name} is deactivated`);
  return village;
}

/** A village (村) of an active township, and its talk room (说事拉理室). */
export async function createVillage(db: Db, v: { countyId: string; townshipId: string; name: string; code?: string | null }) {
  await activeTownship(db, v.countyId, v.townshipId);
  const village = await unique(
    () => db.village.create({ data: { townshipId: v.townshipId, name: v.name, code: v.code ?? null } }),
    OrgSetupCode.NameTaken,
    `the township has a village named ${v.name} (or that code) already`,
  );
  const talkRoom = await db.talkRoom.create({
    data: { kind: 'VILLAGE_TALK_ROOM', name: villageTalkRoomName(v.name), countyId: v.countyId, townshipId: v.townshipId, villageId: village.id },
  });
  return { village, talkRoom };
}

/** Another talk room: a village's second 说事拉理室, a township's 调解室, or the county's legal office. */
export async function createTalkRoom(db: Db, r: { countyId: string; kind: TalkRoomKind; name: string; townshipId?: string | null; villageId?: string | null }): Promise<TalkRoom> {
  const base = { kind: r.kind, name: r.name, countyId: r.countyId };
  switch (r.kind) {
    case 'VILLAGE_TALK_ROOM': {
      if (!r.villageId) throw new OrgSetupError(OrgSetupCode.JurisdictionMismatch, 'a village talk room needs a village');
      const village = await activeVillage(db, r.countyId, r.villageId);
      return db.talkRoom.create({ data: { ...base, townshipId: village.townshipId, villageId: village.id } });
    }
    case 'TOWNSHIP_MEDIATION_ROOM': {
      if (!r.townshipId) throw new OrgSetupError(OrgSetupCode.JurisdictionMismatch, 'a mediation room needs a township');
      const township = await activeTownship(db, r.countyId, r.townshipId);
      return db.talkRoom.create({ data: { ...base, townshipId: township.id } });
    }
    case 'COUNTY_LEGAL_OFFICE':
      return db.talkRoom.create({ data: base });
  }
}

export interface NewStaffAccount {
  countyId: string;
  username: string;
  displayName: string;
  role: StaffRole;
  phone?: string | null;
  /** TOWNSHIP_MEDIATOR: their township. */
  townshipId?: string | null;
  /** VILLAGE_OPERATOR: their village talk room (or their village: its first active talk room). */
  talkRoomId?: string | null;
  villageId?: string | null;
  passwordHash: string;
}

/** Where an account of that role sits: the township, village and talk room its role needs, checked against the county. */
async function jurisdictionOf(db: Db, a: NewStaffAccount): Promise<{ townshipId: string | null; villageId: string | null; talkRoomId: string | null }> {
  switch (a.role) {
    case 'VILLAGE_OPERATOR': {
      let room: TalkRoom | null = null;
      if (a.talkRoomId) {
        room = await db.talkRoom.findUnique({ where: { id: a.talkRoomId } });
        if (!room || room.countyId !== a.countyId) throw new OrgSetupError(OrgSetupCode.UnknownDivision, 'no such talk room in this county');
        if (room.kind !== 'VILLAGE_TALK_ROOM') throw new OrgSetupError(OrgSetupCode.JurisdictionMismatch, 'a grid worker belongs to a village talk room');
        if (a.villageId && a.villageId !== room.villageId) throw new OrgSetupError(OrgSetupCode.JurisdictionMismatch, 'the talk room is in another village');
      } else if (a.villageId) {
        await activeVillage(db, a.countyId, a.villageId);
        room = await db.talkRoom.findFirst({ where: { villageId: a.villageId, kind: 'VILLAGE_TALK_ROOM', active: true }, orderBy: { createdAt: 'asc' } });
        if (!room) throw new OrgSetupError(OrgSetupCode.JurisdictionMismatch, 'the village has no active talk room');
      } else throw new OrgSetupError(OrgSetupCode.JurisdictionMismatch, 'a grid worker needs a village talk room');
      if (!room.active) throw new OrgSetupError(OrgSetupCode.DivisionInactive, `${room.name} is deactivated`);
      await activeVillage(db, a.countyId, room.villageId!);
      return { townshipId: room.townshipId, villageId: room.villageId, talkRoomId: room.id };
    }
    case 'TOWNSHIP_MEDIATOR': {
      if (!a.townshipId || a.villageId) throw new OrgSetupError(OrgSetupCode.JurisdictionMismatch, 'a mediator belongs to a township');
      const township = await activeTownship(db, a.countyId, a.townshipId);
      const room = await db.talkRoom.findFirst({ where: { townshipId: township.id, kind: 'TOWNSHIP_MEDIATION_ROOM', active: true }, orderBy: { createdAt: 'asc' } });
      return { townshipId: township.id, villageId: null, talkRoomId: room?.id ?? null };
    }
    case 'COUNTY_LEGAL_ADVISOR':
    case 'COUNTY_ADMIN': {
      if (a.townshipId || a.villageId || a.talkRoomId) throw new OrgSetupError(OrgSetupCode.JurisdictionMismatch, 'lawyers and administrators belong to the county');
      const office = a.role === 'COUNTY_LEGAL_ADVISOR' ? await db.talkRoom.findFirst({ where: { countyId: a.countyId, kind: 'COUNTY_LEGAL_OFFICE', active: true }, orderBy: { createdAt: 'asc' } }) : null;
      return { townshipId: null, villageId: null, talkRoomId: office?.id ?? null };
    }
  }
}

/** A staff account with its role's jurisdiction; the caller hashed the password (outside any transaction: argon2 is slow). */
export async function createStaffAccount(db: Db, a: NewStaffAccount): Promise<StaffAccount> {
  const where = await jurisdictionOf(db, a);
  return unique(
    () => db.staffAccount.create({ data: { username: a.username, displayName: a.displayName, role: a.role, phone: a.phone ?? null, passwordHash: a.passwordHash, countyId: a.countyId, ...where } }),
    OrgSetupCode.UsernameTaken,
    `the username ${a.username} is taken`,
  );
}

/** A new random password and its hash. */
export async function staffPassword(password = newPassword()): Promise<{ password: string; passwordHash: string }> {
  return { password, passwordHash: await hashPassword(password) };
}
