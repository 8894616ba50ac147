import type { ConsultationStatus, DisputeCategory, Prisma } from '@shuoshi/db';
import { audit } from './audit';
import type { ApiDeps, Ctx } from './context';
import { assertUsableParties } from './parties';
import { BadInputCode, ConflictCode, DenyCode, badInput, conflictError, denied, notFoundError } from './errors';
import { canAnswerConsultation, canAskConsultation, canReadConsultation, enforce, type ConsultationFacts } from './policy';

/** 远程法律咨询: asked from a village talk room, taken and answered by a county lawyer. */
const include = { talkRoom: { select: { villageId: true, townshipId: true, name: true } }, sessions: { select: { id: true, invites: { select: { staffId: true } } } } } satisfies Prisma.ConsultationInclude;

async function load(ctx: Ctx, id: string, tx: Prisma.TransactionClient | Ctx['deps']['prisma'] = ctx.deps.prisma) {
  const q = await tx.consultation.findUnique({ where: { id }, include });
  if (!q) throw notFoundError('consultation');
  const facts: ConsultationFacts = {
    countyId: q.countyId,
    villageId: q.talkRoom.villageId,
    talkRoomId: q.talkRoomId,
    lawyerId: q.lawyerId,
    status: q.status,
    invitedStaffIds: q.sessions.flatMap((s) => s.invites.flatMap((i) => (i.staffId ? [i.staffId] : []))),
  };
  return { row: q, facts };
}

export async function listConsultations(ctx: Ctx, q: { status?: ConsultationStatus | undefined; page: number; pageSize: number }) {
  const a = ctx.actor;
  let scope: Prisma.ConsultationWhereInput;
  if (a.kind === 'party') throw denied(DenyCode.RoleNotAllowed, 'a party cannot read consultations');
  else if (a.kind === 'device') scope = { talkRoomId: a.talkRoomId };
  else if (a.role === 'COUNTY_ADMIN') scope = { countyId: a.countyId };
  else if (a.role === 'VILLAGE_OPERATOR') scope = { countyId: a.countyId, talkRoom: { villageId: a.villageId } };
  else if (a.role === 'COUNTY_LEGAL_ADVISOR') {
    scope = { countyId: a.countyId, OR: [{ lawyerId: a.id }, { status: 'QUEUED', lawyerId: null }, { sessions: { some: { invites: { some: { staffId: a.id } } } } }] };
  } else throw denied(DenyCode.RoleNotAllowed, 'consultations are between villagers and county lawyers');
  const where: Prisma.ConsultationWhereInput = { ...scope, ...(q.status ? { status: q.status } : {}) };
  const [items, total] = await Promise.all([
    ctx.deps.prisma.consultation.findMany({ where, orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    ctx.deps.prisma.consultation.count({ where }),
  ]);
  await audit(ctx.deps.prisma, a, ctx.ip, { action: 'consultation.list', entityType: 'Consultation', details: { page: q.page, total, consultationIds: items.map((c) => c.id) } });
  return { items, total };
}

export async function getConsultation(ctx: Ctx, id: string) {
  const { row, facts } = await load(ctx, id);
  enforce(canReadConsultation(ctx.actor, facts));
  await audit(ctx.deps.prisma, ctx.actor, ctx.ip, { action: 'consultation.read', entityType: 'Consultation', entityId: id, caseId: row.caseId });
  return row;
}

export async function askConsultation(ctx: Ctx, input: { talkRoomId?: string | undefined; topic: DisputeCategory; question: string; partyId?: string | undefined }) {
  const a = ctx.actor;
  const prisma = ctx.deps.prisma;
  const talkRoomId = input.talkRoomId ?? (a.kind === 'device' ? a.talkRoomId : a.kind === 'staff' ? (a.talkRoomId ?? undefined) : undefined);
  if (!talkRoomId) throw badInput(BadInputCode.UnknownTalkRoom, 'name the talk room the question is asked from');
  const room = await prisma.talkRoom.findUnique({ where: { id: talkRoomId } });
  if (!room || (a.kind !== 'party' && room.countyId !== a.countyId)) throw badInput(BadInputCode.UnknownTalkRoom, 'no such talk room in your county');
  enforce(canAskConsultation(a, room));
  if (input.partyId) await assertUsableParties(ctx, [input.partyId]);
  const created = await prisma.consultation.create({
    data: {
      countyId: room.countyId,
      talkRoomId: room.id,
      requestedById: a.kind === 'staff' ? a.id : null,
      partyId: input.partyId ?? null,
      topic: input.topic,
      question: input.question,
      requestedAt: ctx.deps.now(),
    },
  });
  await audit(prisma, a, ctx.ip, { action: 'consultation.ask', entityType: 'Consultation', entityId: created.id });
  return created;
}

/** A lawyer takes a queued consultation (live now, or a call-back at `callbackAt`). */
export async function takeConsultation(ctx: Ctx, id: string, callbackAt: Date | undefined) {
  const prisma = ctx.deps.prisma;
  return prisma.$transaction(async (tx) => {
    const { facts } = await load(ctx, id, tx);
    enforce(canAnswerConsultation(ctx.actor, facts));
    if (facts.status !== 'QUEUED') throw conflictError(ConflictCode.ConsultationState, `the consultation is ${facts.status}, not QUEUED`);
    const at = ctx.deps.now();
    const n = await tx.consultation.updateMany({
      where: { id, status: 'QUEUED' },
      data: callbackAt ? { status: 'CALLBACK_SCHEDULED', lawyerId: ctx.actor.id, acceptedAt: at, callbackAt, callbackReason: 'LAWYER_SCHEDULED' } : { status: 'ACCEPTED', lawyerId: ctx.actor.id, acceptedAt: at },
    });
    if (n.count !== 1) throw conflictError(ConflictCode.ConcurrentUpdate, 'another lawyer took it meanwhile');
    await audit(tx, ctx.actor, ctx.ip, { action: 'consultation.take', entityType: 'Consultation', entityId: id });
    return tx.consultation.findUniqueOrThrow({ where: { id } });
  }).then((row) => {
    ctx.deps.queueEvents.changed(row.countyId);
    if (row.callbackAt) ctx.deps.queueEvents.callback(row, row.callbackAt, 'LAWYER_SCHEDULED');
    else ctx.deps.queueEvents.taken(row, ctx.actor.id);
    return row;
  });
}

/** The consultation record (咨询记录): what was asked, the advice, the category (corrects the topic), whether it should become a case. */
export async function answerConsultation(ctx: Ctx, id: string, input: { questionSummary: string; advice: string; shouldBecomeCase: boolean; category?: DisputeCategory | undefined }) {
  const prisma = ctx.deps.prisma;
  return prisma.$transaction(async (tx) => {
    const { facts } = await load(ctx, id, tx);
    enforce(canAnswerConsultation(ctx.actor, facts));
    if (facts.status !== 'ACCEPTED' && facts.status !== 'CALLBACK_SCHEDULED') {
      throw conflictError(ConflictCode.ConsultationState, `the consultation is ${facts.status}: take it before answering`);
    }
    if (facts.lawyerId !== ctx.actor.id) throw denied(DenyCode.NotAssigned, 'another lawyer took this consultation');
    const n = await tx.consultation.updateMany({
      where: { id, status: facts.status as ConsultationStatus },
      data: {
        status: 'ANSWERED',
        answeredAt: ctx.deps.now(),
        questionSummary: input.questionSummary,
        advice: input.advice,
        shouldBecomeCase: input.shouldBecomeCase,
        ...(input.category ? { topic: input.category } : {}),
      },
    });
    if (n.count !== 1) throw conflictError(ConflictCode.ConcurrentUpdate, 'the consultation changed meanwhile');
    await audit(tx, ctx.actor, ctx.ip, { action: 'consultation.answer', entityType: 'Consultation', entityId: id });
    return tx.consultation.findUniqueOrThrow({ where: { id } });
  });
}

/**
 * A talk room's consultation sessions that are live (accepted, or a call-back started,
 * since `since`, session not over), oldest first, with their lawyer's name: a talk-room
 * socket that (re)connects gets their join tokens again.
 */
export function liveConsultationSessions(deps: ApiDeps, talkRoomId: string, since: Date) {
  return deps.prisma.session.findMany({
    where: {
      kind: 'CONSULTATION',
      endedAt: null,
      cancelledAt: null,
      createdAt: { gte: since },
      consultation: { talkRoomId, OR: [{ status: 'ACCEPTED' }, { status: 'CALLBACK_SCHEDULED', callbackStartedAt: { not: null }, callbackOutcome: null }] },
    },
    include: { host: { select: { displayName: true } } },
    orderBy: { createdAt: 'asc' },
  });
}
