import { useRoomValue } from '../../hooks/useRoomValue';
import type { ConsentRequest, RoomClient } from '../../room';

/** Set while this device is asked to agree to recording (cleared once it answered). */
export function useConsentRequest(client: RoomClient | undefined): ConsentRequest | undefined {
  return useRoomValue(client?.recording, (r) => r.consentRequest, undefined);
}
