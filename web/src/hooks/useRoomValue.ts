import { useCallback, useSyncExternalStore } from 'react';
import type { RoomClient } from '../room';

type Events = 'recording' | 'admission' | 'lobby' | 'chat' | 'document' | 'host' | 'caucus' | 'locked' | 'hands' | 'hostMutes' | 'consentRequested' | 'state' | 'peers';

/**
 * One field of the room client, re-read whenever `event` fires (the client replaces
 * the value on every change, so the snapshot is stable between events).
 */
export function useRoomValue<T>(client: RoomClient | undefined, event: Events, read: (c: RoomClient) => T, fallback: T): T {
  const subscribe = useCallback((notify: () => void) => client?.on(event, notify) ?? (() => undefined), [client, event]);
  return useSyncExternalStore(subscribe, () => (client ? read(client) : fallback));
}
