import { useEffect, type RefObject } from 'react';
import type { RoomClient } from '../room';

/**
 * Reports the size at which a remote video is shown (in device pixels) so that the
 * server forwards the simulcast layer that fits; follows resizes, debounced.
 */
export function useRenderedSize(client: RoomClient | undefined, consumerId: string | undefined, ref: RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const el = ref.current;
    if (!client || !consumerId || !el) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const report = () => {
      const r = el.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      client.setRenderedSize(consumerId, r.width * dpr, r.height * dpr);
    };
    const observer = new ResizeObserver(() => {
      clearTimeout(timer);
      timer = setTimeout(report, 200);
    });
    observer.observe(el);
    report();
    return () => {
      observer.disconnect();
      clearTimeout(timer);
    };
  }, [client, consumerId, ref]);
}
