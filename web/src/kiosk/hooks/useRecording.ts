import type { RecordingStateInfo } from '@shuoshi/protocol';
import { useRoomValue } from '../../hooks/useRoomValue';
import type { RoomClient } from '../../room';

const idle: RecordingStateInfo = { state: 'idle', pending: [], declined: [], agreed: [], recordCaucus: false };

/** The room's recording state (consent round, who is pending, agreed or declined). */
export function useRecording(client: RoomClient | undefined): RecordingStateInfo {
  return useRoomValue(client?.recording, (r) => r.info, idle);
}
