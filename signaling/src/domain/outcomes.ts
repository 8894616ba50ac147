import fs from 'node:fs/promises';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { judicialConfirmationDeadline, type FollowUpResult, type OutcomeType, type Prisma } from '@shuoshi/db';
import { audit } from './audit';
import { loadCase, visibleCases } from './case-facts';
import type { Ctx } from './context';
import { BadInputCode, ConflictCode, DenyCode, badInput, conflictError, denied, notFoundError } from './errors';
import { canListFollowUps, canReadCase, canWitnessSignature, canWorkOnCase, enforce } from './policy';
import { followUpDue } from './workflow';

/** 调解结果, the parties' signatures, and the 回访 that follows. */
export type OutcomeInput =
  | { type: 'WRITTEN_AGREEMENT'; terms: string; sessionId?: string | undefined }
  | { type: 'VERBAL_AGREEMENT'; verbalContent: string; sessionId?: string | undefined }
  | { type: 'FAILED' | 'REFERRED'; reason: string; sessionId?: string | undefined };

export async function recordOutcome(ctx: Ctx, caseId: string, input: OutcomeInput) {
  const { prisma, now } = ctx.deps;
  return prisma.$transaction(async (tx) => {
    const { row, facts } = await loadCase(tx, caseId);
    enforce(canWorkOnCase(ctx.actor, facts));
    if (row.status !== 'IN_MEDIATION') throw conflictError(ConflictCode.CaseNotInMediation, `outcomes are recorded while the case is IN_MEDIATION (it is ${row.status})`);
    if (input.sessionId && (await tx.session.count({ where: { id: input.sessionId, caseId } })) === 0) throw badInput(BadInputCode.UnknownSession, 'no such session in this case');
    const at = now();
    const outcome = await tx.outcome.create({
      data: {
        caseId,
        sessionId: input.sessionId ?? null,
        type: input.type as OutcomeType,
        terms: input.type === 'WRITTEN_AGREEMENT' ? input.terms : null,
        verbalContent: input.type === 'VERBAL_AGREEMENT' ? input.verbalContent : null,
        reason: input.type === 'FAILED' || input.type === 'REFERRED' ? input.reason : null,
        recordedById: ctx.actor.id,
        recordedAt: at,
      },
      include: { signatures: true },
    });
    await tx.caseEvent.create({ data: { caseId, type: 'OUTCOME_RECORDED', actorId: ctx.actor.id, at, payload: { outcomeId: outcome.id, type: outcome.type } } });
    await audit(tx, ctx.actor, ctx.ip, { action: 'outcome.record', entityType: 'Outcome', entityId: outcome.id, caseId, details: { type: outcome.type } });
    return outcome;
  });
}

const MAX_IMAGE_BYTES = 512 * 1024;

/** PNG or JPEG, by its first bytes; 400 INVALID_IMAGE otherwise. */
export function decodeSignatureImage(base64: string): { bytes: Buffer; ext: 'png' | 'jpg' } {
  const data = base64.replace(/^data:image\/(png|jpeg);base64,/, '');
  const bytes = Buffer.from(data, 'base64');
  if (bytes.length === 0 || bytes.length > MAX_IMAGE_BYTES) throw badInput(BadInputCode.InvalidImage, `the signature image must be 1 byte to ${MAX_IMAGE_BYTES / 1024} KiB`);
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { bytes, ext: 'png' };
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { bytes, ext: 'jpg' };
  throw badInput(BadInputCode.InvalidImage, 'the signature image must be a PNG or JPEG');
}

/**
 * A party signs a written agreement (the staff member present witnesses it). The
 * last signature makes it signed: signedAt, the 司法确认 deadline (+30 days) and a
 * 回访 due 30 days later, assigned to the mediator who recorded the agreement.
 */
export async function signAgreement(ctx: Ctx, outcomeId: string, input: { partyId: string; image: string }) {
  const image = decodeSignatureImage(input.image);
  const { prisma, now, signaturesDir } = ctx.deps;
  return prisma.$transaction(async (tx) => {
    // one signer at a time per agreement, so exactly one of them completes it
    const locked = await tx.$queryRaw<Array<{ id: string }>>`SELECT id::text FROM outcomes WHERE id = ${outcomeId}::uuid FOR UPDATE`;
    if (locked.length === 0) throw notFoundError('outcome');
    const outcome = await tx.outcome.findUniqueOrThrow({ where: { id: outcomeId }, include: { signatures: { select: { partyId: true } } } });
    const { row, facts } = await loadCase(tx, outcome.caseId);
    enforce(canWitnessSignature(ctx.actor, facts));
    if (outcome.type !== 'WRITTEN_AGREEMENT') throw conflictError(ConflictCode.NotWrittenAgreement, 'only a written agreement is signed');
    if (outcome.signedAt) throw conflictError(ConflictCode.AgreementAlreadySigned, 'the agreement is already signed by all the parties');
    if (row.status !== 'IN_MEDIATION') throw conflictError(ConflictCode.CaseNotInMediation, `agreements are signed while the case is IN_MEDIATION (it is ${row.status})`);
    const signers = (await tx.caseParty.findMany({ where: { caseId: row.id, side: { in: ['A', 'B'] } }, select: { partyId: true } })).map((p) => p.partyId);
    if (!signers.includes(input.partyId)) throw badInput(BadInputCode.PartyNotSignatory, 'that party is not a party (side A or B) of this case');
    if (outcome.signatures.some((s) => s.partyId === input.partyId)) throw conflictError(ConflictCode.AlreadySignedByParty, 'that party has signed already');

    const at = now();
    const sha256 = createHash('sha256').update(image.bytes).digest('hex');
    const imagePath = path.join(outcomeId, `${input.partyId}.${image.ext}`);
    await fs.mkdir(path.join(signaturesDir, outcomeId), { recursive: true });
    await fs.writeFile(path.join(signaturesDir, imagePath), image.bytes);
    await tx.agreementSignature.create({ data: { outcomeId, partyId: input.partyId, imagePath, sha256, witnessedById: ctx.actor.id, signedAt: at } });
    await audit(tx, ctx.actor, ctx.ip, { action: 'agreement.sign', entityType: 'Outcome', entityId: outcomeId, caseId: row.id, details: { partyId: input.partyId, sha256 } });

    const signed = new Set([...outcome.signatures.map((s) => s.partyId), input.partyId]);
    let followUpId: string | null = null;
    if (signers.every((id) => signed.has(id))) {
      const deadline = judicialConfirmationDeadline(at);
      await tx.outcome.update({ where: { id: outcomeId }, data: { signedAt: at, judicialConfirmationDeadline: deadline } });
      const f = await tx.followUp.create({ data: { caseId: row.id, outcomeId, assigneeId: outcome.recordedById, dueAt: followUpDue(at), createdAt: at } });
      followUpId = f.id;
      await tx.caseEvent.createMany({
        data: [
          { caseId: row.id, type: 'AGREEMENT_SIGNED', actorId: ctx.actor.id, at, payload: { outcomeId, judicialConfirmationDeadline: deadline.toISOString() } },
          { caseId: row.id, type: 'FOLLOW_UP_SCHEDULED', actorId: ctx.actor.id, at, payload: { followUpId: f.id, dueAt: f.dueAt.toISOString(), assigneeId: f.assigneeId } },
        ],
      });
    }
    const after = await tx.outcome.findUniqueOrThrow({ where: { id: outcomeId }, include: { signatures: true } });
    return { outcome: after, signers, followUpId };
  });
}

export type FollowUpState = 'open' | 'due' | 'overdue' | 'done' | 'all';
const DUE_SOON_MS = 7 * 24 * 3600 * 1000;

export async function listFollowUps(ctx: Ctx, q: { state: FollowUpState; mine: boolean; page: number; pageSize: number }) {
  enforce(canListFollowUps(ctx.actor));
  if (ctx.actor.kind !== 'staff') throw denied(DenyCode.RoleNotAllowed, 'staff only');
  const now = ctx.deps.now();
  const state: Prisma.FollowUpWhereInput =
    q.state === 'open' ? { doneAt: null }
    : q.state === 'due' ? { doneAt: null, dueAt: { lt: new Date(now.getTime() + DUE_SOON_MS) } }
    : q.state === 'overdue' ? { doneAt: null, dueAt: { lt: now } }
    : q.state === 'done' ? { doneAt: { not: null } }
    : {};
  const where: Prisma.FollowUpWhereInput = { ...state, case: visibleCases(ctx.actor), ...(q.mine ? { assigneeId: ctx.actor.id } : {}) };
  const [items, total] = await Promise.all([
    ctx.deps.prisma.followUp.findMany({
      where,
      include: { case: { select: { caseNumber: true, townshipId: true, villageId: true, status: true } } },
      orderBy: [{ dueAt: 'asc' }, { id: 'asc' }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
    }),
    ctx.deps.prisma.followUp.count({ where }),
  ]);
  await audit(ctx.deps.prisma, ctx.actor, ctx.ip, { action: 'follow_up.list', entityType: 'FollowUp', details: { state: q.state, page: q.page, total, followUpIds: items.map((f) => f.id), caseIds: [...new Set(items.map((f) => f.caseId))] } });
  return { items, total, now };
}

/** 回访 done: the assignee, or whoever may work on the case. */
export async function recordFollowUp(ctx: Ctx, followUpId: string, input: { result: FollowUpResult; notes?: string | undefined }) {
  const { prisma, now } = ctx.deps;
  return prisma.$transaction(async (tx) => {
    const f = await tx.followUp.findUnique({ where: { id: followUpId } });
    if (!f) throw notFoundError('follow-up');
    const { facts } = await loadCase(tx, f.caseId);
    const assignee = ctx.actor.kind === 'staff' && ctx.actor.id === f.assigneeId;
    enforce(assignee ? canReadCase(ctx.actor, facts) : canWorkOnCase(ctx.actor, facts));
    if (f.doneAt) throw conflictError(ConflictCode.FollowUpAlreadyDone, 'the follow-up result is recorded already');
    const at = now();
    const done = await tx.followUp.updateMany({ where: { id: followUpId, doneAt: null }, data: { doneAt: at, result: input.result, notes: input.notes ?? null } });
    if (done.count !== 1) throw conflictError(ConflictCode.FollowUpAlreadyDone, 'the follow-up result is recorded already');
    await tx.caseEvent.create({ data: { caseId: f.caseId, type: 'FOLLOW_UP_DONE', actorId: ctx.actor.id, at, payload: { followUpId, result: input.result } } });
    await audit(tx, ctx.actor, ctx.ip, { action: 'follow_up.record', entityType: 'FollowUp', entityId: followUpId, caseId: f.caseId, details: { result: input.result } });
    return tx.followUp.findUniqueOrThrow({ where: { id: followUpId } });
  });
}
