import type { CaseStatus, OutcomeType, Prisma } from '@shuoshi/db';
import { ConflictCode, conflictError } from './errors';

/**
 * The case loop, strictly in order: 受理 ACCEPTED → 办理 IN_MEDIATION → 回复
 * OUTCOME_GIVEN → 回访 FOLLOWED_UP → 结案 CLOSED. (The db package's CASE_STATUS_NEXT
 * also allows shortcuts to CLOSED and reopening; the API offers neither.)
 *
 * Guards:
 * - → OUTCOME_GIVEN needs an outcome; when the latest one is a written agreement it
 *   must be signed by all the parties (sides A and B);
 * - → FOLLOWED_UP needs a follow-up (回访) with its result recorded.
 */
export const CASE_FLOW: readonly CaseStatus[] = ['ACCEPTED', 'IN_MEDIATION', 'OUTCOME_GIVEN', 'FOLLOWED_UP', 'CLOSED'];

export function nextStatus(s: CaseStatus): CaseStatus | null {
  return CASE_FLOW[CASE_FLOW.indexOf(s) + 1] ?? null;
}

export interface TransitionFacts {
  latestOutcome: { type: OutcomeType; signedAt: Date | null } | null;
  followUpDone: boolean;
}

/** Throws the 409 that explains why `from → to` is not allowed now. */
export function checkTransition(from: CaseStatus, to: CaseStatus, f: TransitionFacts): void {
  const next = nextStatus(from);
  if (to !== next) {
    throw conflictError(
      ConflictCode.InvalidTransition,
      next ? `a case in ${from} can only move to ${next}` : `a ${from} case does not move any more`,
      { from, to, allowed: next ? [next] : [] },
    );
  }
  if (to === 'OUTCOME_GIVEN') {
    if (!f.latestOutcome) throw conflictError(ConflictCode.OutcomeRequired, 'record an outcome before replying (回复)');
    if (f.latestOutcome.type === 'WRITTEN_AGREEMENT' && !f.latestOutcome.signedAt) {
      throw conflictError(ConflictCode.AgreementNotSigned, 'the written agreement is not signed by all the parties yet');
    }
  }
  if (to === 'FOLLOWED_UP' && !f.followUpDone) throw conflictError(ConflictCode.FollowUpRequired, 'record the follow-up (回访) result first');
}

export async function transitionFacts(tx: Prisma.TransactionClient, caseId: string): Promise<TransitionFacts> {
  // one after the other: a transaction is one connection
  const latestOutcome = await tx.outcome.findFirst({ where: { caseId }, orderBy: [{ recordedAt: 'desc' }, { id: 'desc' }], select: { type: true, signedAt: true } });
  const done = await tx.followUp.count({ where: { caseId, doneAt: { not: null } } });
  return { latestOutcome, followUpDone: done > 0 };
}

export const FOLLOW_UP_DAYS = 30;
export const followUpDue = (from: Date) => new Date(from.getTime() + FOLLOW_UP_DAYS * 24 * 3600 * 1000);

/** Levels a referral may go to: one step up or down. */
const LEVELS = ['VILLAGE', 'TOWNSHIP', 'COUNTY'] as const;
export function isAdjacentLevel(from: (typeof LEVELS)[number], to: (typeof LEVELS)[number]): boolean {
  return Math.abs(LEVELS.indexOf(from) - LEVELS.indexOf(to)) === 1;
}
