import type { StaffPrincipal } from '../auth/principal';
import { audit } from './audit';
import { createConsultationSession } from './consult-session';
import type { Ctx } from './context';
import { ConflictCode, DenyCode, conflictError, denied, notFoundError } from './errors';
import { joinSession } from './sessions';

/**
 * 回拨 (call-backs): a request nobody took live (nobody on duty, or the queue timed
 * out) waits as CALLBACK_SCHEDULED with a time. A lawyer takes it (it shows in
 * their list), starts it when the time comes (a session, as on accept), and marks
 * it kept or missed.
 */
function lawyer(ctx: Ctx): StaffPrincipal {
  const a = ctx.actor;
  if (a.kind === 'staff' && a.role === 'COUNTY_LEGAL_ADVISOR') return a;
  if (a.kind === 'staff' && a.role === 'COUNTY_ADMIN') throw denied(DenyCode.ReadOnlyRole, 'the county administrator has read-only access');
  throw denied(DenyCode.RoleNotAllowed, 'call-backs are made by county legal advisors');
}

/** The lawyer's call-backs (taken by them) and, unless `mine`, the county's untaken ones; soonest first. */
export async function listCallbacks(ctx: Ctx, q: { mine: boolean }) {
  const a = lawyer(ctx);
  const items = await ctx.deps.prisma.consultation.findMany({
    where: { countyId: a.countyId, status: 'CALLBACK_SCHEDULED', callbackOutcome: null, ...(q.mine ? { lawyerId: a.id } : { OR: [{ lawyerId: a.id }, { lawyerId: null }] }) },
    orderBy: [{ callbackAt: 'asc' }, { id: 'asc' }],
  });
  await audit(ctx.deps.prisma, a, ctx.ip, { action: 'consultation.list', entityType: 'Consultation', details: { view: 'callbacks', consultationIds: items.map((c) => c.id) } });
  return items;
}

async function loadCallback(ctx: Ctx, id: string, a: StaffPrincipal) {
  const q = await ctx.deps.prisma.consultation.findUnique({ where: { id } });
  if (!q) throw notFoundError('consultation');
  if (q.countyId !== a.countyId) throw denied(DenyCode.OutsideCounty, 'the consultation belongs to another county');
  if (q.status !== 'CALLBACK_SCHEDULED') throw conflictError(ConflictCode.ConsultationState, `the consultation is ${q.status}, not a call-back`);
  if (q.lawyerId && q.lawyerId !== a.id) throw denied(DenyCode.NotAssigned, 'another lawyer took this call-back');
  return q;
}

/** Take an untaken call-back (first lawyer wins, as in the queue). */
export async function takeCallback(ctx: Ctx, id: string) {
  const a = lawyer(ctx);
  await loadCallback(ctx, id, a);
  const n = await ctx.deps.prisma.consultation.updateMany({
    where: { id, status: 'CALLBACK_SCHEDULED', OR: [{ lawyerId: null }, { lawyerId: a.id }] },
    data: { lawyerId: a.id, acceptedAt: ctx.deps.now() },
  });
  if (n.count !== 1) throw conflictError(ConflictCode.ConsultationTaken, 'another lawyer took this call-back first');
  await audit(ctx.deps.prisma, a, ctx.ip, { action: 'consultation.callback.take', entityType: 'Consultation', entityId: id });
  return ctx.deps.prisma.consultation.findUniqueOrThrow({ where: { id } });
}

/** Start the call-back: take it if untaken, make the session, join tokens for both sides. */
export async function startCallback(ctx: Ctx, id: string) {
  const a = lawyer(ctx);
  await loadCallback(ctx, id, a);
  const { prisma, now } = ctx.deps;
  const { consultation, session } = await prisma.$transaction(async (tx) => {
    const at = now();
    const n = await tx.consultation.updateMany({
      where: { id, status: 'CALLBACK_SCHEDULED', callbackOutcome: null, OR: [{ lawyerId: null }, { lawyerId: a.id }] },
      data: { lawyerId: a.id, callbackStartedAt: at },
    });
    if (n.count !== 1) throw conflictError(ConflictCode.ConsultationTaken, 'the call-back was taken or closed meanwhile');
    const consultation = await tx.consultation.findUniqueOrThrow({ where: { id } });
    if (!consultation.acceptedAt) await tx.consultation.update({ where: { id }, data: { acceptedAt: at } });
    const session = await createConsultationSession(tx, consultation, a.id, at);
    await audit(tx, a, ctx.ip, { action: 'consultation.callback.start', entityType: 'Consultation', entityId: id, details: { sessionId: session.id } });
    return { consultation, session };
  });
  const join = await joinSession(ctx, session.id);
  ctx.deps.queueEvents.sessionReady(consultation, session.id, a.name);
  return { consultation: await prisma.consultation.findUniqueOrThrow({ where: { id } }), join: { sessionId: session.id, ...join } };
}

/** Kept (the call happened) or missed (nobody answered in the talk room). Once. */
export async function markCallback(ctx: Ctx, id: string, kept: boolean) {
  const a = lawyer(ctx);
  const q = await ctx.deps.prisma.consultation.findUnique({ where: { id } });
  if (!q) throw notFoundError('consultation');
  if (q.countyId !== a.countyId) throw denied(DenyCode.OutsideCounty, 'the consultation belongs to another county');
  if (q.lawyerId !== a.id) throw denied(DenyCode.NotAssigned, 'take the call-back first');
  if (!q.callbackReason) throw conflictError(ConflictCode.ConsultationState, 'this consultation was not a call-back');
  const n = await ctx.deps.prisma.consultation.updateMany({ where: { id, lawyerId: a.id, callbackOutcome: null }, data: { callbackOutcome: kept ? 'KEPT' : 'MISSED' } });
  if (n.count !== 1) throw conflictError(ConflictCode.ConsultationState, 'the call-back was marked already');
  await audit(ctx.deps.prisma, a, ctx.ip, { action: kept ? 'consultation.callback.kept' : 'consultation.callback.missed', entityType: 'Consultation', entityId: id });
  return ctx.deps.prisma.consultation.findUniqueOrThrow({ where: { id } });
}
