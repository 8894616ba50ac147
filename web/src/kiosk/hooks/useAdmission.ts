import { useCallback, useSyncExternalStore } from 'react';
import type { RoomClient } from '../../room';
import type { Admission } from '../../room/room-client';

/** Whether this seat takes part or waits in the lobby (docs/protocol.md "Waiting room"); undefined before the first join ack. */
export function useAdmission(client: RoomClient | undefined): Admission | undefined {
  const subscribe = useCallback((notify: () => void) => client?.on('admission', notify) ?? (() => undefined), [client]);
  return useSyncExternalStore(subscribe, () => client?.admission);
}

/** Who hosts the room now (null: no mediator present yet), as a waiting seat is told. */
export function useHostId(client: RoomClient | undefined): string | null {
  const subscribe = useCallback((notify: () => void) => client?.on('host', notify) ?? (() => undefined), [client]);
  return useSyncExternalStore(subscribe, () => client?.hostId ?? null);
}
