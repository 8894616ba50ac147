import type { ConsultationStatus, DisputeCategory } from '@shuoshi/db';
import type { StaffPrincipal } from '../auth/principal';
import { audit } from './audit';
import { askConsultation } from './consultations';
import { createConsultationSession } from './consult-session';
import type { ApiDeps, Ctx } from './context';
import { ConflictCode, DenyCode, conflictError, denied, notFoundError } from './errors';
import { callbackTime, countOnDuty } from './duty';
import { canAskConsultation, enforce } from './policy';
import { joinSession } from './sessions';

/**
 * The live queue of 远程法律咨询. The database is the truth: a request is QUEUED
 * until exactly one lawyer accepts it (a conditional UPDATE … WHERE status =
 * 'QUEUED'), the talk room abandons it, or the sweep turns it into a call-back once
 * it waited CONSULT_QUEUE_TIMEOUT_S (again a conditional UPDATE, so with several
 * nodes each request is converted once). Order: requested_at, then id.
 */
export interface QueueStanding {
  position: number;
  queueLength: number;
  estimatedWaitS: number;
}

export async function queuedInCounty(deps: ApiDeps, countyId: string) {
  return deps.prisma.consultation.findMany({
    where: { countyId, status: 'QUEUED' },
    include: { talkRoom: { select: { name: true, villageId: true } } },
    orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
  });
}

/** Seconds: the default median wait before the county has history. */
export const DEFAULT_WAIT_S = 120;
const HISTORY = 20;
const HISTORY_DAYS = 14;

/**
 * Estimated wait (docs/api.md "Estimated wait"): the median of the county's last 20
 * live waits (accepted_at − requested_at of requests accepted from the queue in the
 * last 14 days; 120 s while there are fewer than 3), times the position, divided
 * by the number of lawyers on duty (at least 1). Whole seconds.
 */
export async function waitEstimator(deps: ApiDeps, countyId: string): Promise<(position: number) => number> {
  const since = new Date(deps.now().getTime() - HISTORY_DAYS * 86_400_000);
  const recent = await deps.prisma.consultation.findMany({
    where: { countyId, callbackReason: null, acceptedAt: { not: null, gte: since } },
    select: { requestedAt: true, acceptedAt: true },
    orderBy: { acceptedAt: 'desc' },
    take: HISTORY,
  });
  const waits = recent.map((r) => Math.max(0, (r.acceptedAt!.getTime() - r.requestedAt.getTime()) / 1000)).sort((a, b) => a - b);
  const median = waits.length < 3 ? DEFAULT_WAIT_S : waits.length % 2 ? waits[(waits.length - 1) / 2]! : (waits[waits.length / 2 - 1]! + waits[waits.length / 2]!) / 2;
  const lawyers = Math.max(1, await deps.prisma.lawyerDuty.count({ where: { countyId, onDuty: true, staff: { active: true } } }));
  return (position) => Math.round((median * position) / lawyers);
}

export async function standingOf(deps: ApiDeps, countyId: string, consultationId: string): Promise<QueueStanding | null> {
  const queue = await queuedInCounty(deps, countyId);
  const i = queue.findIndex((q) => q.id === consultationId);
  if (i < 0) return null;
  const estimate = await waitEstimator(deps, countyId);
  return { position: i + 1, queueLength: queue.length, estimatedWaitS: estimate(i + 1) };
}

/**
 * A talk room asks (device or its village operator): QUEUED, with its position and
 * estimated wait; when no lawyer of the county is on duty it becomes a call-back at
 * once (the next roster slot start).
 */
export async function requestConsultation(ctx: Ctx, input: { talkRoomId?: string | undefined; topic: DisputeCategory; question: string; partyId?: string | undefined }) {
  const created = await askConsultation(ctx, input);
  const events = ctx.deps.queueEvents;
  if ((await countOnDuty(ctx, created.countyId)) === 0) {
    const at = await callbackTime(ctx.deps, created.countyId, ctx.deps.now());
    const n = await ctx.deps.prisma.consultation.updateMany({
      where: { id: created.id, status: 'QUEUED' },
      data: { status: 'CALLBACK_SCHEDULED', callbackAt: at, callbackReason: 'NO_LAWYER_ON_DUTY' },
    });
    if (n.count === 1) {
      events.callback(created, at, 'NO_LAWYER_ON_DUTY');
      const row = await ctx.deps.prisma.consultation.findUniqueOrThrow({ where: { id: created.id } });
      return { consultation: row, queue: null, callback: { callbackAt: at, reason: 'NO_LAWYER_ON_DUTY' as const } };
    }
  }
  events.changed(created.countyId);
  const standing = await standingOf(ctx.deps, created.countyId, created.id);
  const row = await ctx.deps.prisma.consultation.findUniqueOrThrow({ where: { id: created.id } });
  return { consultation: row, queue: standing, callback: null };
}

function assertLawyer(ctx: Ctx): StaffPrincipal {
  const a = ctx.actor;
  if (a.kind === 'staff' && a.role === 'COUNTY_LEGAL_ADVISOR') return a;
  if (a.kind === 'staff' && a.role === 'COUNTY_ADMIN') throw denied(DenyCode.ReadOnlyRole, 'the county administrator has read-only access');
  throw denied(DenyCode.RoleNotAllowed, 'consultations are accepted by county legal advisors');
}

const TAKEN: ReadonlySet<ConsultationStatus> = new Set(['ACCEPTED', 'ANSWERED']);

/**
 * An on-duty lawyer accepts a queued request: first come wins (exactly one, on any
 * number of nodes); the others get 409 CONSULTATION_TAKEN. The session is made in
 * the same transaction; the lawyer gets a join token, the talk room is pushed one.
 */
export async function acceptConsultation(ctx: Ctx, id: string) {
  const a = assertLawyer(ctx);
  const { prisma, now } = ctx.deps;
  const duty = await prisma.lawyerDuty.findUnique({ where: { staffId: a.id } });
  if (!duty?.onDuty) throw conflictError(ConflictCode.NotOnDuty, 'switch on duty to accept from the queue');
  const { consultation, session } = await prisma.$transaction(async (tx) => {
    const at = now();
    const won = await tx.consultation.updateMany({ where: { id, status: 'QUEUED', countyId: a.countyId }, data: { status: 'ACCEPTED', lawyerId: a.id, acceptedAt: at } });
    if (won.count !== 1) {
      const q = await tx.consultation.findUnique({ where: { id }, select: { status: true, countyId: true } });
      if (!q) throw notFoundError('consultation');
      if (q.countyId !== a.countyId) throw denied(DenyCode.OutsideCounty, 'the consultation belongs to another county');
      if (TAKEN.has(q.status)) throw conflictError(ConflictCode.ConsultationTaken, 'another lawyer accepted this consultation first');
      throw conflictError(ConflictCode.ConsultationState, `the consultation is ${q.status}, not waiting in the queue`);
    }
    const consultation = await tx.consultation.findUniqueOrThrow({ where: { id } });
    const session = await createConsultationSession(tx, consultation, a.id, at);
    await audit(tx, a, ctx.ip, { action: 'consultation.accept', entityType: 'Consultation', entityId: id, details: { sessionId: session.id } });
    return { consultation, session };
  });
  const join = await joinSession(ctx, session.id);
  ctx.deps.queueEvents.taken(consultation, a.id);
  ctx.deps.queueEvents.changed(consultation.countyId);
  ctx.deps.queueEvents.sessionReady(consultation, session.id, a.name);
  return { consultation, join: { sessionId: session.id, ...join } };
}

/** The talk room gives up a request still in the queue (ABANDONED). */
export async function abandonConsultation(ctx: Ctx, id: string) {
  const { prisma } = ctx.deps;
  const q = await prisma.consultation.findUnique({ where: { id }, include: { talkRoom: true } });
  if (!q) throw notFoundError('consultation');
  enforce(canAskConsultation(ctx.actor, q.talkRoom));
  const n = await prisma.consultation.updateMany({ where: { id, status: 'QUEUED' }, data: { status: 'ABANDONED', abandonedAt: ctx.deps.now() } });
  if (n.count !== 1) {
    const now = await prisma.consultation.findUniqueOrThrow({ where: { id }, select: { status: true } });
    throw conflictError(TAKEN.has(now.status) ? ConflictCode.ConsultationTaken : ConflictCode.ConsultationState, `the consultation is ${now.status}: only a waiting request can be abandoned`);
  }
  await audit(prisma, ctx.actor, ctx.ip, { action: 'consultation.abandon', entityType: 'Consultation', entityId: id });
  ctx.deps.queueEvents.closed(q, 'ABANDONED');
  ctx.deps.queueEvents.changed(q.countyId);
  return prisma.consultation.findUniqueOrThrow({ where: { id } });
}

/**
 * Turns every request that waited CONSULT_QUEUE_TIMEOUT_S into a call-back. Safe on
 * every node at once: each row is converted by the one UPDATE that still finds it
 * QUEUED. Returns how many this call converted and when the next one is due.
 */
export async function sweepQueueTimeouts(deps: ApiDeps): Promise<{ converted: number; nextDueAt: Date | null }> {
  const timeoutMs = deps.consultation.queueTimeoutS * 1000;
  const now = deps.now();
  const due = await deps.prisma.consultation.findMany({
    where: { status: 'QUEUED', requestedAt: { lte: new Date(now.getTime() - timeoutMs) } },
    select: { id: true, countyId: true, talkRoomId: true },
    orderBy: { requestedAt: 'asc' },
    take: 500,
  });
  let converted = 0;
  const counties = new Set<string>();
  for (const c of due) {
    const at = await callbackTime(deps, c.countyId, now);
    const n = await deps.prisma.consultation.updateMany({ where: { id: c.id, status: 'QUEUED' }, data: { status: 'CALLBACK_SCHEDULED', callbackAt: at, callbackReason: 'QUEUE_TIMEOUT' } });
    if (n.count !== 1) continue;
    converted++;
    counties.add(c.countyId);
    await audit(deps.prisma, null, undefined, { action: 'consultation.timeout', entityType: 'Consultation', entityId: c.id, details: { callbackAt: at.toISOString() } });
    deps.queueEvents.callback(c, at, 'QUEUE_TIMEOUT');
  }
  for (const countyId of counties) deps.queueEvents.changed(countyId);
  const oldest = await deps.prisma.consultation.findFirst({ where: { status: 'QUEUED' }, orderBy: { requestedAt: 'asc' }, select: { requestedAt: true } });
  return { converted, nextDueAt: oldest ? new Date(oldest.requestedAt.getTime() + timeoutMs) : null };
}
