import { useCallback, useSyncExternalStore } from 'react';
import type { RoomClient, SeatAdmission } from '../room';

/** Whether this seat takes part or waits in the lobby (docs/protocol.md "Waiting room"); undefined before the first join ack. */
export function useAdmission(client: RoomClient | undefined): SeatAdmission | undefined {
  const subscribe = useCallback((notify: () => void) => client?.on('admission', notify) ?? (() => undefined), [client]);
  return useSyncExternalStore(subscribe, () => client?.admission);
}
