import type { MediaSource } from '@shuoshi/protocol';
import type { LocalMedia } from './core';
import type { MediaLink } from './media-link';

/**
 * What the host holds of our own media: a hard mute of a source, and the host's audio-only
 * switch for us. A hold is not the person's choice: `microphoneMuted` / `cameraOff` stay what
 * the person chose, and when the host lets go, what the host paused is resumed here and on
 * the server, unless the person had turned it off themself (issue #13 bug 1).
 */
export class HostHolds {
  constructor(
    private readonly media: Pick<MediaLink, 'setPaused'>,
    private readonly local: () => LocalMedia,
    private readonly setLocal: (fields: Partial<LocalMedia>) => void,
  ) {}

  /** The host hard-muted (held) or allowed one of our sources. */
  setHeld(source: MediaSource, held: boolean): void {
    const local = this.local();
    if (local.heldByHost[source] === held) return;
    this.setLocal({ heldByHost: { ...local.heldByHost, [source]: held } });
    const chosenOff = source === 'camera' ? local.cameraOff : local.microphoneMuted;
    if (!held && !chosenOff) {
      this.media.setPaused(source, false).catch((err: unknown) => console.warn('cannot resume after the host allowed', source, err));
    }
  }

  /**
   * The host put us on audio only (or lifted it): our camera stops sending, sparing the weak
   * uplink (the server refuses its resume meanwhile); afterwards it goes back on unless the
   * person had turned it off themself or the host holds it.
   */
  audioOnly(byHost: boolean): void {
    const local = this.local();
    if (byHost === (local.downlink === 'byHost')) return;
    if (!byHost && (local.cameraOff || local.heldByHost.camera)) return;
    this.media.setPaused('camera', byHost).catch((err: unknown) => console.warn('cannot follow the host’s audio-only switch', err));
  }
}
