import { describe, expect, it } from 'vitest';
import { ConsentRuleError, RecordingConsent } from './recording-consent';

const refusal = (fn: () => void) => {
  try {
    fn();
    return 'ok';
  } catch (err) {
    return (err as ConsentRuleError).refusal;
  }
};

describe('the consent rules', () => {
  it('records when the last one present agrees, or when the last one still to answer leaves', () => {
    const c = new RecordingConsent();
    c.request(['host', 'a', 'b']);
    c.agree('host');
    c.agree('a');
    expect(c.mayRecord('host')).toBe(false);
    c.depart('b'); // b left without answering: everyone present has agreed
    expect(c.info()).toMatchObject({ state: 'recording', pending: [], agreed: ['host', 'a'] });
    expect(c.mayRecord('a')).toBe(true);
  });

  it('nobody present who agreed: a round with only departures keeps waiting', () => {
    const c = new RecordingConsent();
    c.request(['a']);
    c.depart('a');
    expect(c.state).toBe('awaiting-consent');
    expect(c.arrive('b')).toBe(true);
    c.agree('b');
    expect(c.state).toBe('recording');
  });

  it('a newcomer is pending while the others record; one who agreed and comes back on a new seat is not asked again', () => {
    const c = new RecordingConsent();
    c.request(['a']);
    c.agree('a');
    expect(c.arrive('a')).toBe(false); // a reload
    expect(c.arrive('late')).toBe(true);
    expect(c.info()).toMatchObject({ state: 'recording', pending: ['late'] });
    expect(c.mayRecord('a')).toBe(true);
    expect(c.mayRecord('late')).toBe(false);
  });

  it('refusals: answers outside a round, a second start, a stop when idle, a policy change mid-round', () => {
    const c = new RecordingConsent();
    expect(refusal(() => c.agree('a'))).toBe('not-requested');
    expect(refusal(() => c.stop())).toBe('not-active');
    expect(c.arrive('a')).toBe(false);
    c.request(['a']);
    expect(refusal(() => c.request(['a']))).toBe('active');
    expect(refusal(() => c.setRecordCaucus(true))).toBe('active');
    expect(refusal(() => c.refuse('stranger'))).toBe('not-requested');
    c.refuse('a');
    expect(c.info()).toEqual({ state: 'stopped', pending: [], agreed: [], declined: ['a'], recordCaucus: false });
    expect(refusal(() => c.refuse('a'))).toBe('not-requested');
    c.setRecordCaucus(true);
    c.request(['a']);
    expect(c.info()).toMatchObject({ state: 'awaiting-consent', declined: [], recordCaucus: true });
  });
});
