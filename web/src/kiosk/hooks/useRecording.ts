import { useCallback, useSyncExternalStore } from 'react';
import type { RecordingStateInfo } from '@shuoshi/protocol';
import type { RoomClient } from '../../room';

const idle: RecordingStateInfo = { state: 'idle', pending: [], declined: [], agreed: [], recordCaucus: false };

/** The room's recording state (consent round, who is pending, agreed or declined). */
export function useRecording(client: RoomClient | undefined): RecordingStateInfo {
  const subscribe = useCallback((notify: () => void) => client?.on('recording', notify) ?? (() => undefined), [client]);
  return useSyncExternalStore(subscribe, () => client?.recording ?? idle);
}
