/**
 * Whether our own uplink can carry video (issue #16), judged once a second from what
 * the browser measures on the send transport: the loss the SFU reports back (RTCP
 * receiver reports) and the bandwidth estimate. Pure: uplink-guard.ts feeds it and acts.
 *
 * - video → audio-only: 3 s in a row of loss above 8 %, or of an estimate below 150 kbps
 *   with loss above 2 % (the lowest layer and the voice do not fit; not in the first
 *   10 s, while the estimate still ramps up from its start value). A low estimate with
 *   no loss is the browser's own caution (a busy CPU delays packets and Chrome's
 *   delay-based estimate falls), not a full link: it keeps video;
 * - audio-only → video at the lowest layer: after a hold (15 s, doubled each time the
 *   link fell back within a minute of coming back, up to 2 min), 10 s in a row with loss
 *   below 3 %;
 * - one layer up after 10 s in a row below 3 % loss with an estimate that fits it.
 */
export interface UplinkSample {
  /** ms */
  at: number;
  /** 0–1, from the SFU's receiver reports (undefined: none yet). */
  loss: number | undefined;
  /** kbps, the send transport's availableOutgoingBitrate (undefined: unknown). */
  availableKbps: number | undefined;
}

export type UplinkDecision = { kind: 'audioOnly' } | { kind: 'video'; maxLayer: number } | undefined;

const BAD_LOSS = 0.08;
/** Loss that confirms a low estimate is a full link. */
const SOME_LOSS = 0.02;
const GOOD_LOSS = 0.03;
const MIN_VIDEO_KBPS = 150;
const BAD_RUN = 3;
const GOOD_RUN = 10;
const FIRST_HOLD_MS = 15_000;
const MAX_HOLD_MS = 120_000;
/** What each layer up needs of the estimate (kbps): layer 1 (270p), layer 2 (540p). */
const LAYER_KBPS = [0, 450, 1_000];
/** The bandwidth estimate is not judged this long after the first sample (it ramps up). */
const RAMP_MS = 10_000;

export class UplinkJudge {
  private mode: 'video' | 'audioOnly' = 'video';
  private maxLayer: number;
  private bad = 0;
  private good = 0;
  private since = 0;
  private holdMs = FIRST_HOLD_MS;
  private resumedAt = -Infinity;
  private firstAt: number | undefined;

  constructor(private readonly topLayer = 2) {
    this.maxLayer = topLayer;
  }

  get state(): { mode: 'video' | 'audioOnly'; maxLayer: number } {
    return { mode: this.mode, maxLayer: this.maxLayer };
  }

  sample(s: UplinkSample): UplinkDecision {
    this.firstAt ??= s.at;
    const ramping = s.at - this.firstAt < RAMP_MS;
    const lowEstimate = !ramping && s.availableKbps !== undefined && s.availableKbps < MIN_VIDEO_KBPS;
    const isBad = s.loss !== undefined && (s.loss > BAD_LOSS || (lowEstimate && s.loss > SOME_LOSS));
    const isGood = s.loss !== undefined && s.loss < GOOD_LOSS;
    this.bad = isBad ? this.bad + 1 : 0;
    this.good = isGood ? this.good + 1 : 0;
    if (this.mode === 'video') {
      if (this.bad >= BAD_RUN) {
        // fell back soon after coming back: wait longer next time (no flapping)
        this.holdMs = s.at - this.resumedAt < 60_000 ? Math.min(MAX_HOLD_MS, this.holdMs * 2) : FIRST_HOLD_MS;
        return this.enter('audioOnly', s.at);
      }
      const next = this.maxLayer + 1;
      if (next <= this.topLayer && this.good >= GOOD_RUN && (s.availableKbps ?? 0) >= (LAYER_KBPS[next] ?? Infinity)) {
        this.maxLayer = next;
        this.good = 0;
        return { kind: 'video', maxLayer: next };
      }
      return undefined;
    }
    if (s.at - this.since >= this.holdMs && this.good >= GOOD_RUN) {
      this.resumedAt = s.at;
      this.maxLayer = 0;
      return this.enter('video', s.at);
    }
    return undefined;
  }

  private enter(mode: 'video' | 'audioOnly', at: number): UplinkDecision {
    this.mode = mode;
    this.since = at;
    this.bad = 0;
    this.good = 0;
    return mode === 'audioOnly' ? { kind: 'audioOnly' } : { kind: 'video', maxLayer: this.maxLayer };
  }
}
