import type { RecordingPhase, RecordingStateInfo } from '@shuoshi/protocol';
import type { Room } from './room';

/**
 * The recording's part of a room's image (room-image.ts, v2): the consent round and the
 * policy, exactly as the room recording shows them (`recordingState`): the phase, who
 * agreed, who is still asked, who declined, whether caucus groups are recorded. A room
 * rebuilt on another node takes it back, so nobody is asked again and the people who
 * agreed are recorded again as their media comes back, into new segments of the same
 * session; nobody who had not agreed is.
 */
export type RecordingImage = RecordingStateInfo;

/**
 * What the room registry asks of the recordings (rooms/room-recording.ts `RoomRecordings`),
 * which live beside the rooms and not in them.
 */
export interface RecordingImages {
  /** The room's recording state to keep; undefined when nobody ever asked to record here. */
  imageOf(room: Room): RecordingImage | undefined;
  /** A room just rebuilt from its image: its recording takes the kept state back. */
  restore(room: Room, kept: RecordingImage): void;
  /** The room leaves this node (drain): its tracks here are stopped and finalised first. */
  handOver(room: Room): Promise<void>;
}

const PHASES: readonly RecordingPhase[] = ['idle', 'awaiting-consent', 'recording', 'stopped'];
const ids = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** The recording part of a parsed image, checked; anything else is dropped (as if nobody had asked). */
export function parseRecordingImage(v: unknown): RecordingImage | undefined {
  if (!v || typeof v !== 'object') return undefined;
  const r = v as Record<string, unknown>;
  if (!PHASES.includes(r.state as RecordingPhase) || !ids(r.pending) || !ids(r.agreed) || !ids(r.declined) || typeof r.recordCaucus !== 'boolean') return undefined;
  return { state: r.state as RecordingPhase, pending: r.pending, agreed: r.agreed, declined: r.declined, recordCaucus: r.recordCaucus };
}
