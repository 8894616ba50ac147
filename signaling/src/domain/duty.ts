import type { StaffPrincipal } from '../auth/principal';
import { audit, auditAnonymous } from './audit';
import type { ApiDeps, Ctx } from './context';
import { BadInputCode, ConflictCode, DenyCode, badInput, conflictError, denied, notFoundError } from './errors';
import { defaultCallbackTime, formatClock, nextSlotStart, parseClock, weeklyCoverage } from './roster-time';

/**
 * 值班 (duty) and 值班表 (the weekly roster) of the county lawyers. A lawyer switches
 * themself on and off duty; the roster is kept by the lawyers (their own slots) and
 * the county administrator (anyone's).
 */
function lawyer(ctx: Ctx): StaffPrincipal {
  const a = ctx.actor;
  if (a.kind !== 'staff' || a.role !== 'COUNTY_LEGAL_ADVISOR') throw denied(DenyCode.RoleNotAllowed, 'duty is for county legal advisors');
  return a;
}

function staffOfCounty(ctx: Ctx, what: string): StaffPrincipal {
  const a = ctx.actor;
  if (a.kind !== 'staff') throw denied(DenyCode.RoleNotAllowed, `a ${a.kind} cannot ${what}`);
  return a;
}

export async function getDuty(ctx: Ctx) {
  const a = lawyer(ctx);
  const row = await ctx.deps.prisma.lawyerDuty.findUnique({ where: { staffId: a.id } });
  return { onDuty: row?.onDuty ?? false, changedAt: row?.changedAt ?? null };
}

/** Whether a lawyer is on duty now (the queue socket's set-up reads it; no access rule: the hub asks for its own socket). */
export async function isOnDuty(deps: ApiDeps, staffId: string): Promise<boolean> {
  const row = await deps.prisma.lawyerDuty.findUnique({ where: { staffId } });
  return row?.onDuty ?? false;
}

export async function setDuty(ctx: Ctx, onDuty: boolean) {
  const a = lawyer(ctx);
  const at = ctx.deps.now();
  const row = await ctx.deps.prisma.lawyerDuty.upsert({
    where: { staffId: a.id },
    create: { staffId: a.id, countyId: a.countyId, onDuty, changedAt: at },
    update: { onDuty, changedAt: at },
  });
  await audit(ctx.deps.prisma, a, ctx.ip, { action: onDuty ? 'duty.on' : 'duty.off', entityType: 'StaffAccount', entityId: a.id });
  ctx.deps.queueEvents.dutyChanged(a.id, a.countyId, onDuty);
  if (!onDuty) await callBackWhenNobodyOnDuty(ctx.deps, a.countyId);
  ctx.deps.queueEvents.changed(a.countyId);
  return { onDuty: row.onDuty, changedAt: row.changedAt };
}

/** A lawyer with no console open (queue/presence.ts): off duty, audited without an actor, and the queue told. Whether they were on duty. */
export async function endDutyForAbsence(deps: ApiDeps, staffId: string, countyId: string): Promise<boolean> {
  const { count } = await deps.prisma.lawyerDuty.updateMany({ where: { staffId, onDuty: true }, data: { onDuty: false, changedAt: deps.now() } });
  if (count === 0) return false;
  await auditAnonymous(deps, undefined, { action: 'duty.off', entityType: 'StaffAccount', entityId: staffId, details: { reason: 'no console open' } });
  deps.queueEvents.dutyChanged(staffId, countyId, false);
  await callBackWhenNobodyOnDuty(deps, countyId);
  deps.queueEvents.changed(countyId);
  return true;
}

/**
 * The county's last lawyer went off duty (switched off, or no console open past the
 * grace): nobody would answer the villagers still waiting, so each request becomes a
 * call-back at the next roster slot (NO_LAWYER_ON_DUTY, as a request made while nobody
 * is on duty), and each talk room is told at once in words with the time. Each row is
 * converted by the one UPDATE that still finds it QUEUED (several nodes, a lawyer
 * accepting meanwhile). How many were converted.
 */
export async function callBackWhenNobodyOnDuty(deps: ApiDeps, countyId: string): Promise<number> {
  const onDuty = await deps.prisma.lawyerDuty.count({ where: { countyId, onDuty: true, staff: { active: true } } });
  if (onDuty > 0) return 0;
  const waiting = await deps.prisma.consultation.findMany({ where: { countyId, status: 'QUEUED' }, select: { id: true, countyId: true, talkRoomId: true }, orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }] });
  if (waiting.length === 0) return 0;
  const at = await callbackTime(deps, countyId, deps.now());
  let converted = 0;
  for (const c of waiting) {
    const n = await deps.prisma.consultation.updateMany({ where: { id: c.id, status: 'QUEUED' }, data: { status: 'CALLBACK_SCHEDULED', callbackAt: at, callbackReason: 'NO_LAWYER_ON_DUTY' } });
    if (n.count !== 1) continue;
    converted++;
    await audit(deps.prisma, null, undefined, { action: 'consultation.no_lawyer', entityType: 'Consultation', entityId: c.id, details: { callbackAt: at.toISOString() } });
    deps.queueEvents.callback(c, at, 'NO_LAWYER_ON_DUTY');
  }
  return converted;
}

/** Who is on duty in the actor's county now, and whether each has the queue open (lawyers, administrators and operators may ask). */
export async function onDutyLawyers(ctx: Ctx) {
  const a = staffOfCounty(ctx, 'see who is on duty');
  if (a.role === 'TOWNSHIP_MEDIATOR') throw denied(DenyCode.RoleNotAllowed, 'consultations are between villagers and county lawyers');
  const rows = await ctx.deps.prisma.lawyerDuty.findMany({
    where: { countyId: a.countyId, onDuty: true, staff: { active: true } },
    include: { staff: { select: { displayName: true } } },
    orderBy: { changedAt: 'asc' },
  });
  const online = await ctx.deps.connectedLawyers(a.countyId).catch(() => null);
  return rows.map((r) => ({ lawyerId: r.staffId, displayName: r.staff.displayName, since: r.changedAt, connected: online ? online.has(r.staffId) : null }));
}

export const countOnDuty = (ctx: Ctx, countyId: string): Promise<number> => ctx.deps.prisma.lawyerDuty.count({ where: { countyId, onDuty: true, staff: { active: true } } });

/** Roster readers: the county's lawyers and its administrator. */
function rosterReader(ctx: Ctx): StaffPrincipal {
  const a = staffOfCounty(ctx, 'read the duty roster');
  if (a.role !== 'COUNTY_LEGAL_ADVISOR' && a.role !== 'COUNTY_ADMIN') throw denied(DenyCode.RoleNotAllowed, 'the duty roster is kept by the county lawyers and administrator');
  return a;
}

const slotView = (s: { id: string; lawyerId: string; weekday: number; startMinute: number; endMinute: number; lawyer?: { displayName: string } }) => ({
  id: s.id,
  lawyerId: s.lawyerId,
  lawyerName: s.lawyer?.displayName ?? '',
  weekday: s.weekday,
  start: formatClock(s.startMinute),
  end: formatClock(s.endMinute),
});

export async function listRoster(ctx: Ctx, q: { lawyerId?: string | undefined }) {
  const a = rosterReader(ctx);
  const rows = await ctx.deps.prisma.dutySlot.findMany({
    where: { countyId: a.countyId, ...(q.lawyerId ? { lawyerId: q.lawyerId } : {}) },
    include: { lawyer: { select: { displayName: true } } },
    orderBy: [{ weekday: 'asc' }, { startMinute: 'asc' }, { id: 'asc' }],
  });
  return rows.map(slotView);
}

export async function addSlot(ctx: Ctx, input: { lawyerId?: string | undefined; weekday: number; start: string; end: string }) {
  const a = rosterReader(ctx);
  const lawyerId = input.lawyerId ?? a.id;
  if (a.role === 'COUNTY_LEGAL_ADVISOR' && lawyerId !== a.id) throw denied(DenyCode.NotAssigned, 'a lawyer keeps their own duty slots');
  const target = await ctx.deps.prisma.staffAccount.findUnique({ where: { id: lawyerId }, select: { role: true, countyId: true, active: true, displayName: true } });
  if (!target || target.role !== 'COUNTY_LEGAL_ADVISOR' || target.countyId !== a.countyId || !target.active) throw badInput(BadInputCode.NotALawyer, 'not an active legal advisor of your county');
  const startMinute = parseClock(input.start);
  const endMinute = parseClock(input.end);
  if (startMinute === null || endMinute === null || startMinute >= 1440 || startMinute >= endMinute) {
    throw badInput(BadInputCode.InvalidSlot, 'start and end are HH:MM (China time) with start before end, within one day (end may be 24:00)');
  }
  const overlap = await ctx.deps.prisma.dutySlot.findFirst({ where: { lawyerId, weekday: input.weekday, startMinute: { lt: endMinute }, endMinute: { gt: startMinute } } });
  if (overlap) throw conflictError(ConflictCode.SlotOverlap, `overlaps the slot ${formatClock(overlap.startMinute)}–${formatClock(overlap.endMinute)} of the same lawyer`, { slotId: overlap.id });
  const slot = await ctx.deps.prisma.dutySlot.create({ data: { countyId: a.countyId, lawyerId, weekday: input.weekday, startMinute, endMinute, createdAt: ctx.deps.now() } });
  await audit(ctx.deps.prisma, a, ctx.ip, { action: 'duty.slot.add', entityType: 'DutySlot', entityId: slot.id, details: { lawyerId, weekday: input.weekday, start: input.start, end: input.end } });
  return slotView({ ...slot, lawyer: { displayName: target.displayName } });
}

export async function removeSlot(ctx: Ctx, id: string) {
  const a = rosterReader(ctx);
  const slot = await ctx.deps.prisma.dutySlot.findUnique({ where: { id } });
  if (!slot || slot.countyId !== a.countyId) throw notFoundError('duty slot');
  if (a.role === 'COUNTY_LEGAL_ADVISOR' && slot.lawyerId !== a.id) throw denied(DenyCode.NotAssigned, 'a lawyer keeps their own duty slots');
  await ctx.deps.prisma.dutySlot.delete({ where: { id } });
  await audit(ctx.deps.prisma, a, ctx.ip, { action: 'duty.slot.remove', entityType: 'DutySlot', entityId: id, details: { lawyerId: slot.lawyerId } });
}

/** The week (7 × 24 hours, China time): lawyers rostered per hour, and the gaps nobody covers. */
export async function coverage(ctx: Ctx) {
  const a = rosterReader(ctx);
  const slots = await ctx.deps.prisma.dutySlot.findMany({ where: { countyId: a.countyId, lawyer: { active: true } } });
  return weeklyCoverage(slots);
}

/** When a call-back is promised: the next roster slot start of the county, else the next 09:00 at least 30 minutes away. */
export async function callbackTime(deps: ApiDeps, countyId: string, after: Date): Promise<Date> {
  const slots = await deps.prisma.dutySlot.findMany({ where: { countyId, lawyer: { active: true } }, select: { weekday: true, startMinute: true, endMinute: true } });
  return nextSlotStart(slots, after) ?? defaultCallbackTime(after);
}
