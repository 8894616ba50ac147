import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { CASE_FLOW, checkTransition, isAdjacentLevel, nextStatus } from './workflow';

const code = (f: () => void) => {
  try {
    f();
    return 'OK';
  } catch (err) {
    return (err as AppError).code;
  }
};

describe('case workflow rules', () => {
  const signed = { latestOutcome: { type: 'WRITTEN_AGREEMENT' as const, signedAt: new Date() }, followUpDone: true };

  it('moves only to the next status, in order', () => {
    expect(CASE_FLOW.map(nextStatus)).toEqual(['IN_MEDIATION', 'OUTCOME_GIVEN', 'FOLLOWED_UP', 'CLOSED', null]);
    for (const from of CASE_FLOW) {
      for (const to of CASE_FLOW) expect(code(() => checkTransition(from, to, signed))).toBe(to === nextStatus(from) ? 'OK' : 'INVALID_TRANSITION');
    }
  });

  it('guards the reply and the follow-up', () => {
    expect(code(() => checkTransition('IN_MEDIATION', 'OUTCOME_GIVEN', { latestOutcome: null, followUpDone: false }))).toBe('OUTCOME_REQUIRED');
    expect(code(() => checkTransition('IN_MEDIATION', 'OUTCOME_GIVEN', { latestOutcome: { type: 'WRITTEN_AGREEMENT', signedAt: null }, followUpDone: false }))).toBe('AGREEMENT_NOT_SIGNED');
    expect(code(() => checkTransition('IN_MEDIATION', 'OUTCOME_GIVEN', { latestOutcome: { type: 'FAILED', signedAt: null }, followUpDone: false }))).toBe('OK');
    expect(code(() => checkTransition('OUTCOME_GIVEN', 'FOLLOWED_UP', { latestOutcome: signed.latestOutcome, followUpDone: false }))).toBe('FOLLOW_UP_REQUIRED');
  });

  it('refers one level at a time', () => {
    expect(isAdjacentLevel('VILLAGE', 'TOWNSHIP')).toBe(true);
    expect(isAdjacentLevel('COUNTY', 'TOWNSHIP')).toBe(true);
    expect(isAdjacentLevel('VILLAGE', 'COUNTY')).toBe(false);
    expect(isAdjacentLevel('TOWNSHIP', 'TOWNSHIP')).toBe(false);
  });
});
