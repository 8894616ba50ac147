import { RoomErrors } from '../rooms/errors';
import type { Room } from '../rooms/room';
import type { RoomRecording } from '../rooms/room-recording';
import type { HandlerContext } from './context';

/** The room's recording (made on first use); NO_SESSION when this node records nothing. */
export function roomRecording(ctx: HandlerContext, room: Room): RoomRecording {
  const recordings = ctx.deps.recordings;
  if (!recordings) throw RoomErrors.noSession('recording is not available on this server');
  return recordings.for(room);
}
