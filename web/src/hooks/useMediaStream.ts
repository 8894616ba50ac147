import { useEffect, type RefObject } from 'react';

/** Shows one track in a <video> or <audio> element (or nothing when it is undefined). */
export function useMediaStream(ref: RefObject<HTMLMediaElement | null>, track: MediaStreamTrack | undefined): void {
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.srcObject = track ? new MediaStream([track]) : null;
    if (track) el.play().catch(() => undefined); // autoplay may wait for a gesture; the join click is one
    return () => {
      el.srcObject = null;
    };
  }, [ref, track]);
}
