import { useCallback, useSyncExternalStore } from 'react';

/** A room feature (`client.chat`, `client.host`, ...): it says `change` whenever its state is replaced. */
interface Feature {
  on(event: 'change', listener: () => void): () => void;
}

/**
 * One field of a room feature, re-read whenever the feature changes (a feature
 * replaces a value on every change, so the snapshot is stable between changes).
 */
export function useRoomValue<F extends Feature, T>(feature: F | undefined, read: (f: F) => T, fallback: T): T {
  const subscribe = useCallback((notify: () => void) => feature?.on('change', notify) ?? (() => undefined), [feature]);
  return useSyncExternalStore(subscribe, () => (feature ? read(feature) : fallback));
}
