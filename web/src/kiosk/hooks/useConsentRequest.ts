import { useCallback, useSyncExternalStore } from 'react';
import type { RoomClient } from '../../room';

/** Set while this device is asked to agree to recording (cleared once it answered). */
export function useConsentRequest(client: RoomClient | undefined): RoomClient['consentRequest'] {
  const subscribe = useCallback(
    (notify: () => void) => {
      if (!client) return () => undefined;
      const offs = [client.on('consentRequested', notify), client.on('recording', notify)];
      return () => offs.forEach((off) => off());
    },
    [client],
  );
  return useSyncExternalStore(subscribe, () => client?.consentRequest);
}
