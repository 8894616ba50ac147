import type { DownlinkMode } from '@shuoshi/protocol';

/**
 * Whether a receiver's downlink can carry its video (issue #16), judged once a second from
 * what mediasoup measures on its receive transport. Pure: downlink-guard.ts feeds it and acts.
 *
 * A sample is weak only with real evidence of a full link: the bandwidth estimate below
 * `weakKbps` AND loss of what the server sends (transport-cc feedback) at or above
 * `weakLoss`. A low estimate alone is not enough (a busy CPU delays packets and the
 * delay-based estimate falls while the link is fine), nor is loss alone on a fast link
 * (mediasoup lowers the layers itself there), nor are consumer scores: on a loaded test
 * machine the healthy loopback seats scored 6 with no loss at all (late packets, NACKs).
 *
 * transport-cc loss comes in bursts (0.10, 0.16, 0.00, 0.19, 0.11 in a row on a 300 kbit/s
 * link; once mediasoup's own estimate falls, it forwards less video and the loss stops), so
 * a step down (full → lowest → speaker → audioOnly) is judged over a window of the last
 * `weakSeconds + 4` samples: every estimate in it low, at least two samples with loss at
 * or above `weakLoss` (one spike is not a full link) and the mean loss at half of it;
 * - one step up after `goodSeconds` good samples in a row (loss under half of `weakLoss`)
 *   once the hold has passed: `goodSeconds` at first, doubled each time
 *   the link fell back within a minute of a step up (no flapping), up to 2 minutes;
 * - a step up is a trial: within `goodSeconds` of it, 2 weak samples undo it (the link
 *   did not carry it; its queue would soon cut into the sound);
 * - once a seat has stepped down (loss proved the link full), a window in which every
 *   estimate is below a third of `weakKbps` is a further step down even without loss:
 *   mediasoup then forwards less video than the mode allows by itself (in the browser run
 *   the estimate sat at 50–110 kbps at `lowest`, the video froze, the loss stopped, and
 *   the seat went back up to `full` and down again without ever being told). Only right
 *   after a step down: after a step up only loss steps down again, because with little
 *   video asked for mediasoup's estimate stays low on a link that has recovered (measured:
 *   30–80 kbps for a minute on an unshaped link with only the speaker's video).
 */
export interface DownlinkPolicy {
  /** kbit/s; 0: the guard is off. */
  weakKbps: number;
  /** 0–1 */
  weakLoss: number;
  weakSeconds: number;
  goodSeconds: number;
}

export const DEFAULT_DOWNLINK_POLICY: DownlinkPolicy = { weakKbps: 400, weakLoss: 0.03, weakSeconds: 4, goodSeconds: 10 };

export interface DownlinkSample {
  /** ms */
  at: number;
  availableBps: number | undefined;
  /** 0–1 */
  loss: number | undefined;
  /** 0–10, the lowest among the flowing consumers (logged, not judged: see above). */
  minScore: number | undefined;
}

/** From the most video to none; each step down holds back more. */
export const DOWNLINK_STEPS: readonly DownlinkMode[] = ['full', 'lowest', 'speaker', 'audioOnly'];

const MAX_HOLD_MS = 120_000;
const FELL_BACK_WITHIN_MS = 60_000;
/** Weak samples that undo a step up made moments ago. */
const TRIAL_WEAK = 2;

interface Seen {
  low: boolean;
  loss: number;
}

export class DownlinkJudge {
  private step = 0;
  private recent: Seen[] = [];
  /** Estimates in the window, bit/s. */
  private estimates: Array<number | undefined> = [];
  private good = 0;
  private since = -Infinity;
  private holdMs: number;
  private upAt = -Infinity;
  /** The last move was a step down (made on loss, or on a starved estimate after one). */
  private wentDown = false;

  constructor(private readonly policy: DownlinkPolicy = DEFAULT_DOWNLINK_POLICY) {
    this.holdMs = policy.goodSeconds * 1000;
  }

  get mode(): DownlinkMode {
    return DOWNLINK_STEPS[this.step]!;
  }

  /** The new mode when this sample changes it; undefined otherwise. */
  sample(s: DownlinkSample): DownlinkMode | undefined {
    const p = this.policy;
    if (p.weakKbps <= 0) return undefined;
    const loss = s.loss ?? 0;
    this.recent.push({ low: s.availableBps !== undefined && s.availableBps < p.weakKbps * 1000, loss });
    this.estimates.push(s.availableBps);
    if (this.recent.length > p.weakSeconds + 4) this.recent.shift();
    if (this.estimates.length > p.weakSeconds + 4) this.estimates.shift();
    this.good = loss < p.weakLoss / 2 ? this.good + 1 : 0;
    const trial = s.at - this.upAt < p.goodSeconds * 1000;
    if ((this.weak(trial ? TRIAL_WEAK : p.weakSeconds + 4) || (!trial && this.starved())) && this.step < DOWNLINK_STEPS.length - 1) {
      // fell back soon after a step up: wait longer before the next one
      this.holdMs = s.at - this.upAt < FELL_BACK_WITHIN_MS ? Math.min(MAX_HOLD_MS, this.holdMs * 2) : p.goodSeconds * 1000;
      this.wentDown = true;
      return this.move(this.step + 1, s.at);
    }
    if (this.step > 0 && this.good >= p.goodSeconds && s.at - this.since >= this.holdMs) {
      this.upAt = s.at;
      this.wentDown = false;
      return this.move(this.step - 1, s.at);
    }
    return undefined;
  }

  /** Stepped down already, and a whole window of estimates too low for the video the mode allows. */
  private starved(): boolean {
    const span = this.policy.weakSeconds + 4;
    return this.wentDown && this.step > 0 && this.estimates.length >= span && this.estimates.every((e) => e !== undefined && e < (this.policy.weakKbps * 1000) / 3);
  }

  /** The last `span` samples show a full link. */
  private weak(span: number): boolean {
    const w = this.recent.slice(-span);
    if (w.length < span || !w.every((x) => x.low)) return false;
    const lossy = w.filter((x) => x.loss >= this.policy.weakLoss).length;
    return lossy >= 2 && w.reduce((sum, x) => sum + x.loss, 0) / w.length >= this.policy.weakLoss / 2;
  }

  private move(step: number, at: number): DownlinkMode {
    this.step = step;
    this.since = at;
    this.recent = [];
    this.estimates = [];
    this.good = 0;
    return this.mode;
  }
}
