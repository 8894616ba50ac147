import { useEffect, type RefObject } from 'react';
import type { RoomClient } from '../room';

/**
 * How far beyond the scrolling column's edges a tile counts as in view: a tile comes back a
 * little before it is seen, so its picture is moving (the first key frame in) when it is.
 */
const AHEAD = '15% 0px';

/** The nearest ancestor that scrolls (the host's video column at a desk), or null: the window. */
export function scrollingAncestor(el: HTMLElement): HTMLElement | null {
  for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
    const { overflowY } = getComputedStyle(p);
    if (overflowY === 'auto' || overflowY === 'scroll') return p;
  }
  return null;
}

/**
 * Reports the size at which a remote video is shown (in device pixels) so that the
 * server forwards the simulcast layer that fits; follows resizes, debounced. A tile out
 * of view (an IntersectionObserver with the room's scrolling column as its root) reports
 * 0 × 0 and the server pauses its video: on a village downlink, seven tiles below the fold
 * at their lowest layer would still take ~700 kbps. Back in view it reports its size at
 * once and the video resumes (the tile shows its last frame for the moment the first key
 * frame takes).
 */
export function useRenderedSize(client: RoomClient | undefined, consumerId: string | undefined, ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = ref.current;
    if (!client || !consumerId || !el) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inView: boolean | undefined; // unknown until the first intersection callback (within a frame)
    const report = () => {
      if (inView === undefined) return;
      if (!inView) return client.setRenderedSize(consumerId, 0, 0);
      const r = el.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      client.setRenderedSize(consumerId, r.width * dpr, r.height * dpr);
    };
    const resized = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(report, 200);
    });
    const onSeen = (entries: IntersectionObserverEntry[]) => {
      const last = entries.at(-1);
      if (!last || last.isIntersecting === inView) return;
      inView = last.isIntersecting;
      clearTimeout(timer);
      report();
    };
    // the column that scrolls depends on the layout (the host's desk layout scrolls the video
    // column, a narrow window the page): a resize may change it, and with it the observer's root
    let root: HTMLElement | null | undefined;
    let seen: IntersectionObserver | undefined;
    const watch = () => {
      const now = scrollingAncestor(el);
      if (seen && now === root) return;
      seen?.disconnect();
      root = now;
      seen = new IntersectionObserver(onSeen, { root, rootMargin: AHEAD });
      seen.observe(el);
    };
    resized.observe(el);
    watch();
    window.addEventListener('resize', watch);
    return () => {
      resized.disconnect();
      seen?.disconnect();
      window.removeEventListener('resize', watch);
      clearTimeout(timer);
    };
  }, [client, consumerId, ref]);
}
