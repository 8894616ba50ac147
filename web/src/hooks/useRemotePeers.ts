import { useCallback, useSyncExternalStore } from 'react';
import type { RemotePeer, RoomClient } from '../room';

const none: RemotePeer[] = [];

/** The other participants and their tracks; a new array on every change. */
export function useRemotePeers(client: RoomClient | undefined): RemotePeer[] {
  const subscribe = useCallback((notify: () => void) => client?.on('peers', notify) ?? (() => undefined), [client]);
  return useSyncExternalStore(subscribe, () => client?.peers.list ?? none);
}
