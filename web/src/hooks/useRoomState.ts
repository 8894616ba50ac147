import { useCallback, useSyncExternalStore } from 'react';
import type { RoomClient, RoomState } from '../room';

/** The client's connection state: joining, joined, reconnecting, left or failed. */
export function useRoomState(client: RoomClient | undefined): RoomState {
  const subscribe = useCallback((notify: () => void) => client?.on('state', notify) ?? (() => undefined), [client]);
  return useSyncExternalStore(subscribe, () => client?.state ?? 'idle');
}
