import { useCallback, useSyncExternalStore } from 'react';
import type { RoomClient } from '../../room';

export type Admission = 'waiting' | 'admitted' | 'declined' | undefined;

/**
 * HOOK POINT for the lobby (waiting room): whether this seat waits to be admitted.
 * The lobby work adds `admission` ('waiting' | 'admitted' | 'declined') and an
 * `admission` event to RoomClient; until that is merged the client has neither and
 * this returns undefined (the kiosk then shows the room as soon as it is joined).
 * Read structurally so this file needs no change when it lands.
 */
export function useAdmission(client: RoomClient | undefined): Admission {
  const lobby = client as unknown as { admission?: Admission; on?(event: 'admission', l: () => void): () => void } | undefined;
  const subscribe = useCallback((notify: () => void) => {
    try {
      return lobby?.on?.('admission', notify) ?? (() => undefined);
    } catch {
      return () => undefined;
    }
  }, [lobby]);
  return useSyncExternalStore(subscribe, () => lobby?.admission);
}
