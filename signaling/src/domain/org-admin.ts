import {
  OrgSetupCode,
  OrgSetupError,
  createStaffAccount,
  createTalkRoom,
  createTownship,
  createVillage,
  staffPassword,
  mediationRoomName,
  villageTalkRoomName,
  type Prisma,
  type StaffRole,
  type TalkRoomKind,
} from '@shuoshi/db';
import { audit } from './audit';
import type { Ctx } from './context';
import { BadInputCode, ConflictCode, badInput, conflictError, notFoundError } from './errors';
import { canManageOrganisation, canManageStaff, enforce } from './policy';

/**
 * A county administrator runs their county's organisation: townships, villages, talk
 * rooms and staff accounts. Creation goes through @shuoshi/db's organisation module
 * (the same path as `npm run user:create` and the demo seed); this adds who may
 * (policy.ts), the county of every id the body names, and the audit.
 * Nothing is ever deleted: cases, parties and staff refer to it; it is deactivated.
 */

const isUniqueViolation = (e: unknown) => typeof e === 'object' && e !== null && (e as { code?: string }).code === 'P2002';

/** The db module's refusals as API errors. */
function apiError(e: unknown): unknown {
  if (e instanceof OrgSetupError) {
    switch (e.code) {
      case OrgSetupCode.NameTaken:
        return conflictError(ConflictCode.NameTaken, e.message);
      case OrgSetupCode.UsernameTaken:
        return conflictError(ConflictCode.UsernameTaken, e.message);
      case OrgSetupCode.DivisionInactive:
        return conflictError(ConflictCode.DivisionInactive, e.message);
      default:
        return badInput(BadInputCode.JurisdictionMismatch, e.message);
    }
  }
  if (isUniqueViolation(e)) return conflictError(ConflictCode.NameTaken, 'that name is taken here already');
  return e;
}

async function run<T>(what: () => Promise<T>): Promise<T> {
  try {
    return await what();
  } catch (e) {
    throw apiError(e);
  }
}

/** Only an administrator gets further (ROLE_NOT_ALLOWED before any look-up). */
function adminCounty(ctx: Ctx): string {
  enforce(canManageOrganisation(ctx.actor, null));
  return (ctx.actor as { countyId: string }).countyId;
}

async function townshipIn(ctx: Ctx, id: string) {
  const t = await ctx.deps.prisma.township.findUnique({ where: { id } });
  if (!t) throw badInput(BadInputCode.UnknownTownship, 'no such township');
  enforce(canManageOrganisation(ctx.actor, t));
  return t;
}

async function villageIn(ctx: Ctx, id: string) {
  const v = await ctx.deps.prisma.village.findUnique({ where: { id }, include: { township: true } });
  if (!v) throw badInput(BadInputCode.UnknownVillage, 'no such village');
  enforce(canManageOrganisation(ctx.actor, v.township));
  return v;
}

async function talkRoomIn(ctx: Ctx, id: string) {
  const r = await ctx.deps.prisma.talkRoom.findUnique({ where: { id } });
  if (!r) throw badInput(BadInputCode.UnknownTalkRoom, 'no such talk room');
  enforce(canManageOrganisation(ctx.actor, r));
  return r;
}

export async function addTownship(ctx: Ctx, b: { name: string; code?: string | undefined }) {
  const countyId = adminCounty(ctx);
  return run(() =>
    ctx.deps.prisma.$transaction(async (tx) => {
      const made = await createTownship(tx, { countyId, name: b.name.trim(), code: b.code ?? null });
      await audit(tx, ctx.actor, ctx.ip, { action: 'township.create', entityType: 'Township', entityId: made.township.id, details: { name: made.township.name, mediationRoomId: made.mediationRoom.id } });
      return made;
    }),
  );
}

export async function addVillage(ctx: Ctx, b: { townshipId: string; name: string; code?: string | undefined }) {
  const countyId = adminCounty(ctx);
  await townshipIn(ctx, b.townshipId);
  return run(() =>
    ctx.deps.prisma.$transaction(async (tx) => {
      const made = await createVillage(tx, { countyId, townshipId: b.townshipId, name: b.name.trim(), code: b.code ?? null });
      await audit(tx, ctx.actor, ctx.ip, { action: 'village.create', entityType: 'Village', entityId: made.village.id, details: { name: made.village.name, talkRoomId: made.talkRoom.id } });
      return made;
    }),
  );
}

export async function addTalkRoom(ctx: Ctx, b: { kind: TalkRoomKind; name: string; townshipId?: string | undefined; villageId?: string | undefined }) {
  const countyId = adminCounty(ctx);
  if (b.townshipId) await townshipIn(ctx, b.townshipId);
  if (b.villageId) await villageIn(ctx, b.villageId);
  return run(() =>
    ctx.deps.prisma.$transaction(async (tx) => {
      const room = await createTalkRoom(tx, { countyId, kind: b.kind, name: b.name.trim(), townshipId: b.townshipId ?? null, villageId: b.villageId ?? null });
      await audit(tx, ctx.actor, ctx.ip, { action: 'talk-room.create', entityType: 'TalkRoom', entityId: room.id, details: { kind: room.kind, name: room.name } });
      return room;
    }),
  );
}

export interface DivisionPatch {
  name?: string | undefined;
  active?: boolean | undefined;
}

/**
 * Rename or (de)activate. Deactivating a township or village also closes its talk
 * rooms (their devices stop at once); reactivating reopens nothing by itself.
 */
export async function updateDivision(ctx: Ctx, kind: 'township' | 'village' | 'talk-room', id: string, patch: DivisionPatch) {
  adminCounty(ctx);
  const { prisma } = ctx.deps;
  const found =
    kind === 'township'
      ? await prisma.township.findUnique({ where: { id } })
      : kind === 'village'
        ? await prisma.village.findUnique({ where: { id }, include: { township: true } }).then((v) => v && { countyId: v.township.countyId, name: v.name })
        : await prisma.talkRoom.findUnique({ where: { id } });
  if (!found) throw notFoundError(kind.replace('-', ' '));
  const { countyId, name: before } = found;
  enforce(canManageOrganisation(ctx.actor, { countyId }));
  const data = { ...(patch.name !== undefined ? { name: patch.name.trim() } : {}), ...(patch.active !== undefined ? { active: patch.active } : {}) };
  const closed: string[] = [];
  const row = await run(() =>
    prisma.$transaction(async (tx) => {
      const updated =
        kind === 'township'
          ? await tx.township.update({ where: { id }, data })
          : kind === 'village'
            ? await tx.village.update({ where: { id }, data })
            : await tx.talkRoom.update({ where: { id }, data });
      // a rename carries over to the rooms still named after the old name (柳湾村说事拉理室 → 柳湾社区说事拉理室)
      if (patch.name !== undefined && kind !== 'talk-room') await renameDefaultRooms(tx, kind, id, before!, data.name!);
      const roomsOf: Prisma.TalkRoomWhereInput | null = patch.active === false ? (kind === 'township' ? { townshipId: id } : kind === 'village' ? { villageId: id } : { id }) : null;
      if (roomsOf) {
        if (kind !== 'talk-room') await tx.talkRoom.updateMany({ where: { ...roomsOf, active: true }, data: { active: false } });
        const devices = await tx.talkRoomDevice.findMany({ where: { talkRoom: roomsOf, revokedAt: null }, select: { id: true } });
        closed.push(...devices.map((d) => d.id));
      }
      await audit(tx, ctx.actor, ctx.ip, { action: `${kind}.update`, entityType: kind === 'township' ? 'Township' : kind === 'village' ? 'Village' : 'TalkRoom', entityId: id, details: data });
      return updated;
    }),
  );
  // the devices of a closed talk room stop now (their sockets close on every node)
  for (const deviceId of closed) ctx.deps.accessRevoked({ kind: 'device', id: deviceId });
  return row;
}

async function renameDefaultRooms(tx: Prisma.TransactionClient, kind: 'township' | 'village', id: string, before: string, after: string) {
  const [from, to] = kind === 'township' ? [mediationRoomName(before), mediationRoomName(after)] : [villageTalkRoomName(before), villageTalkRoomName(after)];
  await tx.talkRoom.updateMany({ where: { ...(kind === 'township' ? { townshipId: id, kind: 'TOWNSHIP_MEDIATION_ROOM' } : { villageId: id }), name: from }, data: { name: to } });
}

export interface NewStaff {
  username: string;
  displayName: string;
  role: StaffRole;
  phone?: string | undefined;
  townshipId?: string | undefined;
  villageId?: string | undefined;
  talkRoomId?: string | undefined;
}

/** A staff account of the admin's county; its random password is returned once (never stored, never logged). */
export async function addStaff(ctx: Ctx, b: NewStaff) {
  const countyId = adminCounty(ctx);
  // every id the body names is of the admin's county (a forged id of another county: 403)
  if (b.townshipId) await townshipIn(ctx, b.townshipId);
  if (b.villageId) await villageIn(ctx, b.villageId);
  if (b.talkRoomId) await talkRoomIn(ctx, b.talkRoomId);
  const { password, passwordHash } = await staffPassword();
  const account = await run(() =>
    ctx.deps.prisma.$transaction(async (tx) => {
      const a = await createStaffAccount(tx, { countyId, username: b.username.trim().toLowerCase(), displayName: b.displayName.trim(), role: b.role, phone: b.phone ?? null, townshipId: b.townshipId ?? null, villageId: b.villageId ?? null, talkRoomId: b.talkRoomId ?? null, passwordHash });
      await audit(tx, ctx.actor, ctx.ip, { action: 'staff.create', entityType: 'StaffAccount', entityId: a.id, details: { role: a.role, username: a.username } });
      return a;
    }),
  );
  return { account, password };
}

/** A new random password, shown once; the account's sign-ins (refresh and access tokens) and open sockets end. */
export async function resetStaffPassword(ctx: Ctx, staffId: string) {
  adminCounty(ctx);
  const { prisma, now } = ctx.deps;
  const target = await prisma.staffAccount.findUnique({ where: { id: staffId } });
  if (!target) throw notFoundError('staff account');
  enforce(canManageStaff(ctx.actor, target));
  const { password, passwordHash } = await staffPassword();
  const account = await prisma.$transaction(async (tx) => {
    const a = await tx.staffAccount.update({ where: { id: staffId }, data: { passwordHash, credentialsVersion: { increment: 1 } } });
    await tx.refreshToken.updateMany({ where: { staffId, revokedAt: null }, data: { revokedAt: now() } });
    await audit(tx, ctx.actor, ctx.ip, { action: 'staff.reset-password', entityType: 'StaffAccount', entityId: staffId });
    return a;
  });
  // its open consoles and seats close on every node; their old tokens are refused from now on
  ctx.deps.accessRevoked({ kind: 'staff', id: staffId });
  return { account, password };
}

/** Every account of the admin's county, disabled ones included. */
export async function listStaffAccounts(ctx: Ctx, q: { role?: StaffRole | undefined }) {
  const countyId = adminCounty(ctx);
  return ctx.deps.prisma.staffAccount.findMany({
    where: { countyId, ...(q.role ? { role: q.role } : {}) },
    orderBy: [{ role: 'asc' }, { displayName: 'asc' }, { id: 'asc' }],
    take: 1000,
  });
}
