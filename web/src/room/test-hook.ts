import type { RoomClient } from './room-client';

/**
 * `window.__shuoshi`: what browser tests and the join benchmark read instead of
 * scraping the DOM. It exposes nothing a script on the page could not reach anyway.
 */
export interface ShuoshiTestHook {
  client: RoomClient | undefined;
  /** Resolves when a video from `peerId` (any peer if omitted) has decoded a frame; returns ms since `since`. */
  firstRemoteFrame(since: number, peerId?: string, timeoutMs?: number): Promise<number>;
}

declare global {
  interface Window {
    __shuoshi?: ShuoshiTestHook;
  }
}

export function installTestHook(client: RoomClient | undefined): void {
  window.__shuoshi = {
    client,
    async firstRemoteFrame(since, peerId, timeoutMs = 20_000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const stats = (await client?.inboundStats()) ?? [];
        if (stats.some((s) => s.kind === 'video' && s.framesDecoded > 0 && (!peerId || s.peerId === peerId))) return performance.now() - since;
        if (performance.now() > deadline) throw new Error('no remote video frame decoded');
        await new Promise((r) => setTimeout(r, 10));
      }
    },
  };
}
