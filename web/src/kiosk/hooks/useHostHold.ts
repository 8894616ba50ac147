import { useEffect, useRef, useState } from 'react';
import type { MediaSource } from '@shuoshi/protocol';
import type { LocalMedia } from '../../room';

/** How long "you may speak again" stays on screen after the mediator allows a source again. */
const ALLOWED_SHOWN_MS = 15_000;
const SOURCES = ['microphone', 'camera'] as const;

/**
 * Which of this device's sources the mediator holds muted now, and which the mediator
 * has just allowed again (shown for a while, so the villager learns they may speak).
 */
export function useHostHold(local: LocalMedia): { held: MediaSource[]; allowed: MediaSource[] } {
  const { microphone, camera } = local.heldByHost;
  const before = useRef({ microphone, camera });
  const timers = useRef(new Map<MediaSource, ReturnType<typeof setTimeout>>());
  const [allowed, setAllowed] = useState<MediaSource[]>([]);

  useEffect(() => {
    const now = { microphone, camera };
    for (const s of SOURCES) {
      if (before.current[s] === now[s]) continue;
      clearTimeout(timers.current.get(s));
      setAllowed((a) => [...a.filter((x) => x !== s), ...(now[s] ? [] : [s])]);
      if (!now[s]) timers.current.set(s, setTimeout(() => setAllowed((a) => a.filter((x) => x !== s)), ALLOWED_SHOWN_MS));
    }
    before.current = now;
  }, [microphone, camera]);
  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((t) => clearTimeout(t));
  }, []);

  return { held: SOURCES.filter((s) => local.heldByHost[s]), allowed };
}
