import { allocateCaseNumber, caseYear, formatCaseNumber } from '@shuoshi/db';
import { audit } from './audit';
import type { Ctx } from './context';
import { ConflictCode, DenyCode, conflictError, denied, notFoundError } from './errors';
import { canAnswerConsultation, enforce } from './policy';

/**
 * One action after an answered consultation: open a case for the village of the
 * talk room (`CASE`, handled by the village), or refer it to the township's
 * mediators (`TOWNSHIP`, a case handled at township level). The consultation record
 * is carried along: it is the case description and a NOTE event names the
 * consultation. Once per consultation (the row is locked while the case is made).
 */
export async function consultationToCase(ctx: Ctx, id: string, input: { to: 'CASE' | 'TOWNSHIP'; description?: string | undefined }) {
  const { prisma, now } = ctx.deps;
  const a = ctx.actor;
  const result = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "consultations" WHERE id = ${id}::uuid FOR UPDATE`;
    const q = await tx.consultation.findUnique({ where: { id }, include: { talkRoom: { select: { villageId: true, townshipId: true, name: true } } } });
    if (!q) throw notFoundError('consultation');
    enforce(canAnswerConsultation(a, { countyId: q.countyId, villageId: q.talkRoom.villageId, talkRoomId: q.talkRoomId, lawyerId: q.lawyerId, status: q.status, invitedStaffIds: [] }));
    if (q.lawyerId !== a.id) throw denied(DenyCode.NotAssigned, 'only the lawyer who answered it turns it into a case');
    if (q.status !== 'ANSWERED') throw conflictError(ConflictCode.ConsultationState, `the consultation is ${q.status}: write the record (answer) first`);
    if (q.caseId) throw conflictError(ConflictCode.AlreadyACase, 'this consultation became a case already', { caseId: q.caseId });
    const townshipId = q.talkRoom.townshipId;
    if (!townshipId) throw conflictError(ConflictCode.ConsultationState, 'the talk room has no township');
    const record = [
      `远程法律咨询记录 (${q.talkRoom.name})`,
      `问题: ${q.questionSummary ?? q.question}`,
      `建议: ${q.advice ?? ''}`,
      ...(input.description ? [`说明: ${input.description}`] : []),
    ].join('\n');
    const at = now();
    const year = caseYear(at);
    const sequence = await allocateCaseNumber(tx, townshipId, year);
    const township = await tx.township.findUniqueOrThrow({ where: { id: townshipId }, select: { name: true } });
    const caseNumber = formatCaseNumber(year, township.name, sequence);
    const created = await tx.case.create({
      data: {
        caseNumber,
        year,
        sequence,
        category: q.topic,
        intakeChannel: input.to === 'TOWNSHIP' ? 'REFERRAL' : 'ONLINE',
        description: record,
        handlingLevel: input.to === 'TOWNSHIP' ? 'TOWNSHIP' : q.talkRoom.villageId ? 'VILLAGE' : 'TOWNSHIP',
        countyId: q.countyId,
        townshipId,
        villageId: q.talkRoom.villageId,
        createdById: a.id,
        acceptedAt: at,
        parties: q.partyId ? { create: [{ partyId: q.partyId, side: 'A' }] } : undefined,
        events: {
          create: [
            { type: 'CREATED', actorId: a.id, at, payload: { caseNumber, fromConsultationId: q.id } },
            { type: 'NOTE', actorId: a.id, at, payload: { consultationId: q.id, to: input.to, questionSummary: q.questionSummary, advice: q.advice, lawyerId: q.lawyerId } },
          ],
        },
      },
    });
    await tx.consultation.update({ where: { id }, data: { caseId: created.id } });
    await audit(tx, a, ctx.ip, { action: input.to === 'TOWNSHIP' ? 'consultation.refer' : 'consultation.case', entityType: 'Consultation', entityId: id, caseId: created.id });
    return created;
  });
  return result;
}
