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

  it('needs both a low estimate and loss (or a low score): a busy CPU alone, or loss on a fast link, never steps down', () => {
    const j = new DownlinkJudge(policy);
    expect(run(j, 0, 30, { availableBps: 150_000, loss: 0, minScore: 10 })).toEqual([]);
    expect(run(j, 30, 30, { availableBps: 2_000_000, loss: 0.2, minScore: 3 })).toEqual([]);
    expect(run(j, 60, 30, { availableBps: undefined as unknown as number, loss: 0.2, minScore: 3 })).toEqual([]);
    expect(run(j, 90, 30, { availableBps: 300_000, loss: 0.01, minScore: 6 })).toEqual(['93:lowest', '97:speaker', '101:audioOnly']);
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
    // falls back right after: the next step up waits 20 s, not 10
    expect(run(j, 42, 4, WEAK)).toEqual(['45:lowest']);
    expect(run(j, 46, 30, GOOD)).toEqual(['65:full']);
  });

  it('does nothing when switched off (weakKbps 0)', () => {
    const j = new DownlinkJudge({ ...policy, weakKbps: 0 });
    expect(run(j, 0, 30, WEAK)).toEqual([]);
    expect(j.mode).toBe('full');
  });
});
