import type { Prisma, StaffRole, TalkRoomKind } from '@shuoshi/db';
import type { Ctx } from './context';
import { DenyCode, denied, notFoundError } from './errors';
import { canReadOrganisation, enforce } from './policy';

/** The county, its townships and villages, and the talk rooms: readable by every staff member and device of the county. */
function countyOf(ctx: Ctx): string {
  enforce(canReadOrganisation(ctx.actor));
  if (ctx.actor.kind === 'party') throw denied(DenyCode.RoleNotAllowed, 'a party cannot browse the organisation');
  return ctx.actor.countyId;
}

/** The county administrator also sees the deactivated townships and villages (to reactivate them); everyone else only the active. */
export async function getOrganisation(ctx: Ctx) {
  const all = ctx.actor.kind === 'staff' && ctx.actor.role === 'COUNTY_ADMIN';
  const onlyActive = all ? {} : { active: true };
  const county = await ctx.deps.prisma.county.findUnique({
    where: { id: countyOf(ctx) },
    include: { townships: { where: onlyActive, orderBy: { name: 'asc' }, include: { villages: { where: onlyActive, orderBy: [{ code: 'asc' }, { name: 'asc' }] } } } },
  });
  if (!county) throw notFoundError('county');
  return county;
}

export interface TalkRoomQuery {
  kind?: TalkRoomKind | undefined;
  townshipId?: string | undefined;
  villageId?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listTalkRooms(ctx: Ctx, q: TalkRoomQuery) {
  const where: Prisma.TalkRoomWhereInput = {
    countyId: countyOf(ctx),
    ...(q.kind ? { kind: q.kind } : {}),
    ...(q.townshipId ? { townshipId: q.townshipId } : {}),
    ...(q.villageId ? { villageId: q.villageId } : {}),
  };
  const [items, total] = await Promise.all([
    ctx.deps.prisma.talkRoom.findMany({ where, orderBy: [{ kind: 'asc' }, { name: 'asc' }, { id: 'asc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    ctx.deps.prisma.talkRoom.count({ where }),
  ]);
  return { items, total };
}

export async function getTalkRoom(ctx: Ctx, id: string) {
  const countyId = countyOf(ctx);
  const room = await ctx.deps.prisma.talkRoom.findUnique({ where: { id } });
  if (!room) throw notFoundError('talk room');
  if (room.countyId !== countyId) throw denied(DenyCode.OutsideCounty, 'the talk room belongs to another county');
  return room;
}

/** The county's active staff (for inviting e.g. a legal advisor to a session): staff only, names and roles, no contact data. */
export async function listStaff(ctx: Ctx, q: { role?: StaffRole | undefined }) {
  if (ctx.actor.kind !== 'staff') throw denied(DenyCode.RoleNotAllowed, 'only staff see the staff directory');
  return ctx.deps.prisma.staffAccount.findMany({
    where: { countyId: countyOf(ctx), active: true, ...(q.role ? { role: q.role } : {}) },
    orderBy: [{ role: 'asc' }, { displayName: 'asc' }, { id: 'asc' }],
    take: 500,
  });
}
