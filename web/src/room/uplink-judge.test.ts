import { describe, expect, it } from 'vitest';
import { UplinkJudge, type UplinkDecision } from './uplink-judge';

/** Feeds one sample a second from `from` (s) for `seconds`; returns the decisions with their second. */
function feed(j: UplinkJudge, from: number, seconds: number, loss: number, availableKbps = 2_000): Array<[number, UplinkDecision]> {
  const out: Array<[number, UplinkDecision]> = [];
  for (let t = from; t < from + seconds; t++) {
    const d = j.sample({ at: t * 1_000, loss, availableKbps });
    if (d) out.push([t, d]);
  }
  return out;
}

describe('UplinkJudge', () => {
  it('goes audio-only after 3 s of 10 % loss, comes back at the lowest layer after the hold and 10 good seconds, then steps up one layer at a time', () => {
    const j = new UplinkJudge();
    expect(feed(j, 0, 10, 0)).toEqual([]);
    expect(feed(j, 10, 5, 0.1)).toEqual([[12, { kind: 'audioOnly' }]]);
    // loss stays: nothing changes, however long
    expect(feed(j, 15, 60, 0.1)).toEqual([]);
    // the link is good again: 10 s in a row, and the 15 s hold long past
    expect(feed(j, 75, 12, 0)).toEqual([[84, { kind: 'video', maxLayer: 0 }]]);
    expect(feed(j, 87, 30, 0)).toEqual([
      [94, { kind: 'video', maxLayer: 1 }],
      [104, { kind: 'video', maxLayer: 2 }],
    ]);
  });

  it('goes audio-only on a bandwidth estimate too small for video with some loss, once the estimate has had 10 s to ramp up', () => {
    const j = new UplinkJudge();
    expect(feed(j, 0, 15, 0.03, 90)).toEqual([[12, { kind: 'audioOnly' }]]);
  });

  it('keeps video on a low estimate without loss (a busy machine delays packets; the link is not full)', () => {
    const j = new UplinkJudge();
    expect(feed(j, 0, 60, 0, 90)).toEqual([]);
    expect(feed(j, 60, 30, 0.01, 90)).toEqual([]);
  });

  it('does not step up past what the estimate carries', () => {
    const j = new UplinkJudge();
    feed(j, 0, 3, 0.2);
    expect(feed(j, 3, 40, 0, 300)).toEqual([[17, { kind: 'video', maxLayer: 0 }]]); // 300 kbps: not enough for 270p
  });

  it('holds longer each time the link falls back soon after video returned (no flapping)', () => {
    const j = new UplinkJudge();
    feed(j, 0, 3, 0.2); // audio-only at 2
    const back1 = feed(j, 3, 20, 0)[0]!; // hold 15 s
    expect(back1[0]).toBe(17);
    expect(feed(j, 20, 3, 0.2)).toEqual([[22, { kind: 'audioOnly' }]]); // fell back 5 s later
    const back2 = feed(j, 23, 60, 0)[0]!;
    expect(back2[0]).toBe(22 + 30); // hold doubled to 30 s
  });
});
