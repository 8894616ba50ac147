import type { DownlinkMode } from '@shuoshi/protocol';

/**
 * What the person is told about their own downlink (issue #16): the server holds back
 * video to keep the sound (`downlink` notification, signaling/src/rooms/downlink-guard.ts).
 * `speakerOnly` 网络较差，只显示正在说话的人，声音不受影响; `audioOnly` 网络较差，画面已暂停，声音不受影响;
 * `byHost` 调解员已为您切换为仅语音 (the host's audio-only switch);
 * `recovering` 网络恢复，正在恢复画面 for a while once video flows again. Lowest layers
 * alone are not worth a word: everyone is still seen.
 */
export type DownlinkState = 'good' | 'speakerOnly' | 'audioOnly' | 'byHost' | 'recovering';

/** How long after held video comes back the page still says it is recovering. */
const RECOVERING_MS = 10_000;

export class DownlinkNote {
  private state: DownlinkState = 'good';
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly told: (state: DownlinkState) => void) {}

  /** The server's mode for our downlink. */
  apply(mode: DownlinkMode, byHost = false): void {
    if (byHost) return this.set('byHost');
    const held = mode === 'audioOnly' || mode === 'speaker';
    if (held) return this.set(mode === 'audioOnly' ? 'audioOnly' : 'speakerOnly');
    if (this.state !== 'good' && this.state !== 'recovering') {
      this.set('recovering');
      this.timer = setTimeout(() => this.set('good'), RECOVERING_MS);
    }
  }

  /** A new seat (rejoin) or the end: nothing held. */
  reset(): void {
    this.set('good');
  }

  private set(state: DownlinkState): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (state === this.state) return;
    this.state = state;
    this.told(state);
  }
}
