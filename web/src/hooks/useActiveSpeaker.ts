import { useCallback, useSyncExternalStore } from 'react';
import type { RoomClient } from '../room';

/** The peer id of whoever is speaking loudest now, or null. */
export function useActiveSpeaker(client: RoomClient | undefined): string | null {
  const subscribe = useCallback((notify: () => void) => client?.on('activeSpeaker', notify) ?? (() => undefined), [client]);
  return useSyncExternalStore(subscribe, () => client?.activeSpeaker ?? null);
}
