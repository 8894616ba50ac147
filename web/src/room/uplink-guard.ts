import type { MediaLink } from './media-link';
import { UplinkJudge, type UplinkDecision } from './uplink-judge';

/** What the person is told about their own uplink: `audioOnly` 网络较差，已切换为仅语音; `recovering` 网络恢复，正在恢复画面. */
export type UplinkState = 'good' | 'audioOnly' | 'recovering';

/** How long after video comes back the page still says it is recovering. */
const RECOVERING_MS = 10_000;

/**
 * Automatic audio-only for our own camera (issue #16): once a second it reads the send
 * transport's loss and bandwidth estimate, asks UplinkJudge, and pauses the camera's
 * producer (not closing it: the server and the others keep it, shown as camera off) or
 * resumes it at the lowest layer, then lets it step up one layer at a time.
 */
export class UplinkGuard {
  private judge = new UplinkJudge();
  private timer: ReturnType<typeof setInterval> | undefined;
  private recoveringTimer: ReturnType<typeof setTimeout> | undefined;
  private busy = false;

  constructor(
    private readonly media: MediaLink,
    private readonly joined: () => boolean,
    private readonly told: (state: UplinkState) => void,
  ) {}

  start(): void {
    if (this.timer) return;
    this.judge = new UplinkJudge();
    this.timer = setInterval(() => void this.tick(), 1_000);
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.recoveringTimer);
    this.timer = undefined;
  }

  private async tick(): Promise<void> {
    if (this.busy || !this.joined() || !this.media.hasCamera()) return;
    this.busy = true;
    try {
      const sample = await this.media.uplinkSample();
      await this.apply(this.judge.sample({ at: Date.now(), ...sample }));
    } catch (err) {
      console.warn('uplink check failed', err);
    } finally {
      this.busy = false;
    }
  }

  private async apply(d: UplinkDecision): Promise<void> {
    if (!d) return;
    await this.media.applyUplink(d);
    clearTimeout(this.recoveringTimer);
    if (d.kind === 'audioOnly') return this.told('audioOnly');
    if (d.maxLayer === 0) {
      this.told('recovering');
      this.recoveringTimer = setTimeout(() => this.told('good'), RECOVERING_MS);
    }
  }
}
