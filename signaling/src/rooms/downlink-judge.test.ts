import { describe, expect, it } from 'vitest';
import { DownlinkJudge, type DownlinkPolicy } from './downlink-judge';

const policy: DownlinkPolicy = { weakKbps: 400, weakLoss: 0.03, weakSeconds: 4, goodSeconds: 10 };
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
  it('steps down one level per 8 weak seconds: lowest layers, then the speaker only, then audio only', () => {
    const j = new DownlinkJudge(policy);
    expect(run(j, 0, 24, WEAK)).toEqual(['7:lowest', '15:speaker', '23:audioOnly']);
    expect(run(j, 24, 10, WEAK)).toEqual([]); // nothing below audio only
  });

  it('needs both a low estimate and loss: a busy CPU (low estimate, low scores, no loss), or loss on a fast link, never steps down', () => {
    const j = new DownlinkJudge(policy);
    expect(run(j, 0, 30, { availableBps: 72_000, loss: 0, minScore: 6 })).toEqual([]);
    expect(run(j, 30, 30, { availableBps: 2_000_000, loss: 0.2, minScore: 3 })).toEqual([]);
    expect(run(j, 60, 30, { availableBps: undefined as unknown as number, loss: 0.2, minScore: 3 })).toEqual([]);
    expect(run(j, 90, 30, { availableBps: 300_000, loss: 0.01, minScore: 2 })).toEqual([]);
    expect(run(j, 120, 30, { availableBps: 300_000, loss: 0.05, minScore: 9 })).toEqual(['121:lowest', '129:speaker', '137:audioOnly']);
  });

  it('judges bursty loss over the window: a lossless second inside does not hide a full link, one spike does not make one', () => {
    const bursts = [0, 0, 0.096, 0.158, 0.003, 0.187, 0.107, 0.03];
    const j = new DownlinkJudge(policy);
    const modes = bursts.map((loss, i) => j.sample({ at: i * 1000, availableBps: 100_000, loss, minScore: 7 })).filter(Boolean);
    expect(modes).toEqual(['lowest']);
    const k = new DownlinkJudge(policy);
    const spike = [0, 0, 0, 0.3, 0, 0, 0, 0, 0, 0].map((loss, i) => k.sample({ at: i * 1000, availableBps: 100_000, loss, minScore: 7 })).filter(Boolean);
    expect(spike).toEqual([]);
  });

  it('steps back up one level per 10 good seconds, and waits twice as long after falling back soon', () => {
    const j = new DownlinkJudge(policy);
    run(j, 0, 24, WEAK); // audio only at 23
    expect(run(j, 24, 30, GOOD)).toEqual(['33:speaker', '43:lowest', '53:full']);
    // falls back right after (2 weak seconds undo a trial step up): the next step up waits 20 s, not 10
    expect(run(j, 54, 2, WEAK)).toEqual(['55:lowest']);
    expect(run(j, 56, 30, GOOD)).toEqual(['75:full']);
    // long after a step up, a fall-back is judged over the full window again
    expect(run(j, 100, 8, WEAK)).toEqual(['101:lowest']); // the estimate was low all along: 2 lossy seconds in the window do
  });

  it('right after a step down, a whole window of a starved estimate steps further down without loss; never from full, never after a step up', () => {
    const starved = { availableBps: 80_000, loss: 0, minScore: 9 };
    const j = new DownlinkJudge(policy);
    expect(run(j, 0, 30, starved)).toEqual([]); // from full: a busy CPU's low estimate alone
    expect(run(j, 30, 2, WEAK)).toEqual(['31:lowest']); // loss proves the low estimate a full link
    expect(run(j, 32, 8, starved)).toEqual(['39:speaker']);
    expect(run(j, 40, 8, starved)).toEqual(['47:audioOnly']);
    expect(run(j, 48, 10, starved)).toEqual(['57:speaker']); // no loss: a trial step up
    // after a step up the still-low estimate (a recovered link carrying little video) steps nothing down: only loss does
    expect(run(j, 58, 20, starved)).toEqual(['67:lowest', '77:full']);
  });

  it('does nothing when switched off (weakKbps 0)', () => {
    const j = new DownlinkJudge({ ...policy, weakKbps: 0 });
    expect(run(j, 0, 30, WEAK)).toEqual([]);
    expect(j.mode).toBe('full');
  });
});
