import { createCase, listCasePage, type CaseStatus, type DisputeCategory, type HandlingLevel, type IntakeChannel, type PartySide, type Prisma } from '@shuoshi/db';
import { audit } from './audit';
import { caseFacts, caseScope, loadCase } from './case-facts';
import { assertUsableParties } from './parties';
import type { Ctx } from './context';
import { BadInputCode, ConflictCode, badInput, conflictError, notFoundError } from './errors';
import { assertCanListCases, canCreateCase, canReadCase, canReadCaseFile, canWorkOnCase, enforce } from './policy';
import { checkTransition, followUpDue, isAdjacentLevel, transitionFacts } from './workflow';

/** 纠纷: list, read (audited), intake, status transitions and referrals. */
export interface CaseListQuery {
  status?: CaseStatus[] | undefined;
  /** Only cases not CLOSED. */
  open?: boolean | undefined;
  category?: DisputeCategory | undefined;
  townshipId?: string | undefined;
  villageId?: string | undefined;
  level?: HandlingLevel | undefined;
  /** accepted_at in [from, to) */
  from?: Date | undefined;
  to?: Date | undefined;
  /** part of the case number or description */
  q?: string | undefined;
  page: number;
  pageSize: number;
}

export async function listCases(ctx: Ctx, q: CaseListQuery) {
  assertCanListCases(ctx.actor);
  const status = q.open ? (q.status?.length ? q.status : CASE_OPEN).filter((s) => s !== 'CLOSED') : q.status;
  // one statement: the page, the total, and the audit row naming the cases shown
  return listCasePage(ctx.deps, {
    scope: caseScope(ctx.actor),
    filter: { status, category: q.category, townshipId: q.townshipId, villageId: q.villageId, level: q.level, from: q.from, to: q.to, search: q.q?.trim() || undefined },
    page: q.page,
    pageSize: q.pageSize,
    audit: { actorType: 'STAFF', actorId: ctx.actor.id, ip: ctx.ip ?? null },
  });
}

const CASE_OPEN: CaseStatus[] = ['ACCEPTED', 'IN_MEDIATION', 'OUTCOME_GIVEN', 'FOLLOWED_UP'];

/** The whole file of a case: parties, timeline, referrals, sessions, outcomes, follow-ups. Audited. */
export async function getCase(ctx: Ctx, caseId: string) {
  const prisma = ctx.deps.prisma;
  const c = await prisma.case.findUnique({
    where: { id: caseId },
    include: {
      parties: { include: { party: true }, orderBy: { addedAt: 'asc' } },
      events: { orderBy: [{ at: 'asc' }, { id: 'asc' }] },
      referrals: { orderBy: { referredAt: 'asc' } },
      sessions: { include: { invites: true }, orderBy: { createdAt: 'asc' } },
      outcomes: { include: { signatures: true }, orderBy: [{ recordedAt: 'asc' }, { id: 'asc' }] },
      followUps: { orderBy: { dueAt: 'asc' } },
      consultations: { select: { id: true, lawyerId: true } },
    },
  });
  if (!c) throw notFoundError('case');
  enforce(canReadCaseFile(ctx.actor, caseFacts(c, c)));
  await audit(prisma, ctx.actor, ctx.ip, { action: 'case.read', entityType: 'Case', entityId: c.id, caseId: c.id });
  return c;
}

export interface NewCaseInput {
  villageId?: string | undefined;
  townshipId?: string | undefined;
  category: DisputeCategory;
  intakeChannel: IntakeChannel;
  description: string;
  parties: Array<{ partyId: string; side: PartySide; note?: string | undefined }>;
}

/** 受理: operators default to their village, mediators to their township. */
export async function openCase(ctx: Ctx, input: NewCaseInput) {
  const prisma = ctx.deps.prisma;
  const actor = ctx.actor;
  enforce(canCreateCase(actor, null));
  assertCanListCases(actor);
  let villageId = input.villageId;
  let townshipId = input.townshipId;
  if (!villageId && !townshipId) {
    if (actor.role === 'VILLAGE_OPERATOR') villageId = actor.villageId!;
    else if (actor.role === 'TOWNSHIP_MEDIATOR') townshipId = actor.townshipId!;
  }
  let target: { countyId: string; townshipId: string; villageId: string | null };
  let inactive = false;
  if (villageId) {
    const v = await prisma.village.findUnique({ where: { id: villageId }, select: { townshipId: true, active: true, township: { select: { countyId: true, active: true } } } });
    if (!v || (townshipId && townshipId !== v.townshipId)) throw badInput(BadInputCode.UnknownVillage, 'no such village (or not in that township)');
    target = { countyId: v.township.countyId, townshipId: v.townshipId, villageId };
    inactive = !v.active || !v.township.active;
  } else if (townshipId) {
    const t = await prisma.township.findUnique({ where: { id: townshipId }, select: { countyId: true, active: true } });
    if (!t) throw badInput(BadInputCode.UnknownTownship, 'no such township');
    target = { countyId: t.countyId, townshipId, villageId: null };
    inactive = !t.active;
  } else {
    throw badInput(BadInputCode.TargetRequired, 'name the village (or township) of the dispute');
  }
  enforce(canCreateCase(actor, target));
  // a deactivated village or township keeps its cases and takes no new one
  if (inactive) throw conflictError(ConflictCode.DivisionInactive, 'the village (or township) is deactivated');

  const ids = input.parties.map((p) => p.partyId);
  if (new Set(ids).size !== ids.length) throw badInput(BadInputCode.DuplicateParty, 'a party is listed twice');
  // parties of another county or township are answered as unknown (parties.ts)
  await assertUsableParties(ctx, ids);

  const created = await createCase(prisma, {
    villageId: target.villageId ?? undefined,
    townshipId: target.townshipId,
    category: input.category,
    intakeChannel: input.intakeChannel,
    description: input.description,
    createdById: actor.id,
    acceptedAt: ctx.deps.now(),
    parties: input.parties.map((p) => ({ partyId: p.partyId, side: p.side, note: p.note })),
  });
  await audit(prisma, actor, ctx.ip, { action: 'case.create', entityType: 'Case', entityId: created.id, caseId: created.id });
  return created;
}

/** 受理 → 办理 → 回复 → 回访 → 结案, one step at a time, with the workflow's guards. */
export async function transitionCase(ctx: Ctx, caseId: string, to: CaseStatus, note: string | undefined) {
  const { prisma, now } = ctx.deps;
  return prisma.$transaction(async (tx) => {
    const { row, facts } = await loadCase(tx, caseId);
    enforce(canWorkOnCase(ctx.actor, facts));
    const f = await transitionFacts(tx, caseId);
    checkTransition(row.status, to, f);
    const at = now();
    const moved = await tx.case.updateMany({ where: { id: caseId, status: row.status }, data: { status: to, ...(to === 'CLOSED' ? { closedAt: at } : {}) } });
    if (moved.count !== 1) throw conflictError(ConflictCode.ConcurrentUpdate, 'the case changed meanwhile: reload it');
    await tx.caseEvent.create({ data: { caseId, type: 'STATUS_CHANGED', actorId: ctx.actor.id, at, payload: { from: row.status, to, ...(note ? { note } : {}) } } });
    if (to === 'OUTCOME_GIVEN') await scheduleFollowUpForLatestOutcome(tx, caseId, at);
    await audit(tx, ctx.actor, ctx.ip, { action: 'case.transition', entityType: 'Case', entityId: caseId, caseId, details: { from: row.status, to } });
    return tx.case.findUniqueOrThrow({ where: { id: caseId } });
  });
}

/** 回复 opens the 回访: unless one exists already (a signed written agreement schedules its own). */
async function scheduleFollowUpForLatestOutcome(tx: Prisma.TransactionClient, caseId: string, at: Date) {
  const outcome = await tx.outcome.findFirst({ where: { caseId }, orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }], include: { followUps: { select: { id: true } } } });
  if (!outcome || outcome.followUps.length > 0) return;
  const f = await tx.followUp.create({ data: { caseId, outcomeId: outcome.id, assigneeId: outcome.recordedById, dueAt: followUpDue(at), createdAt: at } });
  await tx.caseEvent.create({ data: { caseId, type: 'FOLLOW_UP_SCHEDULED', actorId: null, at, payload: { followUpId: f.id, dueAt: f.dueAt.toISOString() } } });
}

export interface ReferralInput {
  toLevel: HandlingLevel;
  toTownshipId?: string | undefined;
  toVillageId?: string | undefined;
  reason: string;
}

/** 转办/上报: one level up or down; the history stays in Referral rows and the timeline. */
export async function referCase(ctx: Ctx, caseId: string, input: ReferralInput) {
  const { prisma, now } = ctx.deps;
  return prisma.$transaction(async (tx) => {
    const { row, facts } = await loadCase(tx, caseId);
    enforce(canWorkOnCase(ctx.actor, facts));
    if (row.status === 'CLOSED') throw conflictError(ConflictCode.CaseClosed, 'a closed case is not referred');
    const from = row.handlingLevel;
    if (!isAdjacentLevel(from, input.toLevel)) {
      throw conflictError(ConflictCode.ReferralNotAdjacent, `a case handled at ${from} level is referred one level up or down, not to ${input.toLevel}`);
    }
    // the township handling it now: the last one it was referred to, else its own
    const last = await tx.referral.findFirst({ where: { caseId, toTownshipId: { not: null } }, orderBy: { referredAt: 'desc' }, select: { toTownshipId: true } });
    const currentTownshipId = last?.toTownshipId ?? row.townshipId;
    let toTownshipId: string | null = null;
    let toVillageId: string | null = null;
    if (input.toLevel === 'VILLAGE') {
      if (!row.villageId) throw conflictError(ConflictCode.NoVillage, 'this case has no village to send it down to');
      if (input.toVillageId && input.toVillageId !== row.villageId) throw badInput(BadInputCode.InvalidReferralTarget, "a case goes down only to its own village");
      if (input.toTownshipId) throw badInput(BadInputCode.InvalidReferralTarget, 'name a village, not a township, when referring down to a village');
      toVillageId = row.villageId;
    } else if (input.toLevel === 'TOWNSHIP') {
      if (input.toVillageId) throw badInput(BadInputCode.InvalidReferralTarget, 'name a township, not a village, when referring to a township');
      if (from === 'VILLAGE') {
        if (input.toTownshipId && input.toTownshipId !== row.townshipId) throw badInput(BadInputCode.InvalidReferralTarget, "a village refers up to its own township");
        toTownshipId = row.townshipId;
      } else {
        toTownshipId = input.toTownshipId ?? currentTownshipId;
        const t = await tx.township.findUnique({ where: { id: toTownshipId }, select: { countyId: true } });
        if (!t || t.countyId !== row.countyId) throw badInput(BadInputCode.UnknownTownship, 'no such township in the county');
      }
    } else if (input.toTownshipId || input.toVillageId) {
      throw badInput(BadInputCode.InvalidReferralTarget, 'a referral to the county names no township or village');
    }
    const at = now();
    const moved = await tx.case.updateMany({ where: { id: caseId, handlingLevel: from }, data: { handlingLevel: input.toLevel } });
    if (moved.count !== 1) throw conflictError(ConflictCode.ConcurrentUpdate, 'the case changed meanwhile: reload it');
    const referral = await tx.referral.create({
      data: {
        caseId,
        fromLevel: from,
        fromTownshipId: from === 'COUNTY' ? null : currentTownshipId,
        fromVillageId: from === 'VILLAGE' ? row.villageId : null,
        toLevel: input.toLevel,
        toTownshipId,
        toVillageId,
        reason: input.reason,
        referredById: ctx.actor.id,
        referredAt: at,
      },
    });
    await tx.caseEvent.create({ data: { caseId, type: 'REFERRED', actorId: ctx.actor.id, at, payload: { referralId: referral.id, from, to: input.toLevel, reason: input.reason } } });
    await audit(tx, ctx.actor, ctx.ip, { action: 'case.refer', entityType: 'Referral', entityId: referral.id, caseId, details: { from, to: input.toLevel } });
    return referral;
  });
}
