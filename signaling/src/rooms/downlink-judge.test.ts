import { describe, expect, it } from 'vitest';
import { DownlinkJudge, type DownlinkPolicy } from './downlink-judge';

const policy: DownlinkPolicy = { weakKbps: 400, weakLoss: 0.04, weakSeconds: 4, goodSeconds: 10 };
const WEAK = { availableBps: 250_000, loss: 0.1, minScore: 5 };
const GOOD = { availableBps: 250_000, loss: 0, minScore: 10 };

function run(judge: DownlinkJudge, from: number, seconds: number, s: typeof WEAK) {
  const modes: string[] = [];
  for (let i = 0; i < seconds; i++) {
    const m = judge.sample({ at: (from + i) * 1000, ...s });
    if (m) modes.push(`${from + i}:${m}`);
  }
  return modes;
}

describe('DownlinkJudge', () => {
  it('steps down one level per 4 weak seconds: lowest layers, then the speaker only, then audio only', () => {
    const j = new DownlinkJudge(policy);
    expect(run(j, 0, 12, WEAK)).toEqual(['3:lowest', '7:speaker', '11:audioOnly']);
    expect(run(j, 12, 10, WEAK)).toEqual([]); // nothing below audio only
  });

  it('needs both a low estimate and loss: a busy CPU (low estimate, low scores, no loss), or loss on a fast link, never steps down', () => {
    const j = new DownlinkJudge(policy);
    expect(run(j, 0, 30, { availableBps: 72_000, loss: 0, minScore: 6 })).toEqual([]);
    expect(run(j, 30, 30, { availableBps: 2_000_000, loss: 0.2, minScore: 3 })).toEqual([]);
    expect(run(j, 60, 30, { availableBps: undefined as unknown as number, loss: 0.2, minScore: 3 })).toEqual([]);
    expect(run(j, 90, 30, { availableBps: 300_000, loss: 0.01, minScore: 2 })).toEqual([]);
    expect(run(j, 120, 30, { availableBps: 300_000, loss: 0.05, minScore: 9 })).toEqual(['123:lowest', '127:speaker', '131:audioOnly']);
  });

  it('a weak second breaks the run: it must be sustained', () => {
    const j = new DownlinkJudge(policy);
    const modes: string[] = [];
    for (let i = 0; i < 40; i++) {
      const m = j.sample({ at: i * 1000, ...(i % 4 === 3 ? GOOD : WEAK) });
      if (m) modes.push(m);
    }
    expect(modes).toEqual([]);
  });

  it('steps back up one level per 10 good seconds, and waits twice as long after falling back soon', () => {
    const j = new DownlinkJudge(policy);
    run(j, 0, 12, WEAK); // audio only at 11
    expect(run(j, 12, 30, GOOD)).toEqual(['21:speaker', '31:lowest', '41:full']);
    // falls back right after (2 weak seconds undo a trial step up): the next step up waits 20 s, not 10
    expect(run(j, 42, 2, WEAK)).toEqual(['43:lowest']);
    expect(run(j, 44, 30, GOOD)).toEqual(['63:full']);
    // long after a step up, a fall-back needs the full 4 weak seconds again
    expect(run(j, 100, 4, WEAK)).toEqual(['103:lowest']);
  });

  it('does nothing when switched off (weakKbps 0)', () => {
    const j = new DownlinkJudge({ ...policy, weakKbps: 0 });
    expect(run(j, 0, 30, WEAK)).toEqual([]);
    expect(j.mode).toBe('full');
  });
});
