import type { ErrorCode, MediaSource, NotificationPayload, ResponseData, Role, RoomView } from '@shuoshi/protocol';
import type { UplinkState } from './uplink-guard';
import type { DownlinkState } from './downlink-note';
import type { LocalTracks } from './local-media';
import type { RemotePeer } from './remote-peers';
import type { Signal } from './signal';

/**
 * What the room client's parts share: the connection's state and events, and the narrow
 * view of the connection (`RoomLink`) each feature module is built on. Features import
 * this, never the client itself; the client imports the features.
 */
export type RoomState = 'idle' | 'joining' | 'joined' | 'reconnecting' | 'left' | 'failed';

export interface SelfInfo {
  roomId: string;
  peerId: string;
  displayName: string;
  role: Role;
}

export interface LocalMedia extends LocalTracks {
  /** The person turned their microphone off (their own choice). */
  microphoneMuted: boolean;
  /** The person turned their camera off (their own choice). */
  cameraOff: boolean;
  /** The host holds this source muted (a hard mute): silent or dark whatever the person chose. */
  heldByHost: Record<MediaSource, boolean>;
  /** Our uplink (uplink-guard.ts): `audioOnly` while the camera is paused for it, `recovering` as video returns. */
  uplink: UplinkState;
  /** Our downlink (downlink-note.ts): the server holds back video to keep the sound (`speakerOnly`, `audioOnly`), then `recovering`. */
  downlink: DownlinkState;
}

/** `waiting`: in the lobby until the host admits (`admitted`) or declines (`declined`, then the client leaves). */
export type SeatAdmission = 'waiting' | 'admitted' | 'declined';

/** The seat as the server answers `join` or `resume`. */
export type Seat = ResponseData<'join'> | ResponseData<'resume'>;

/** Why the server ended this seat (`sessionEnded`): the client leaves and does not come back by itself. */
export type SeatEnd = Extract<NotificationPayload<'sessionEnded'>['reason'], 'replaced' | 'removed' | 'ended' | 'declined'>;

/**
 * Why the client stopped: the server ended the seat (state `left`: replaced by another
 * device, removed or declined by the host, or the session ended), or a request the
 * client needed was refused or failed (state `failed`, with the protocol's code).
 */
export type EndReason = { kind: 'seatEnded'; reason: SeatEnd } | { kind: 'refused'; code: ErrorCode };

export type RoomEvents = {
  state: [RoomState];
  peers: [RemotePeer[]];
  local: [LocalMedia];
  activeSpeaker: [string | null];
  admission: [SeatAdmission];
  /** The seat the server answered (`join`, `resume`), before its view. */
  seat: [Seat];
  /** What this seat sees of the room: on every join, resume and admission; each feature takes its part. */
  view: [RoomView];
  /** Our own track stays paused: the host hard-muted it (a resume refused MUTED_BY_HOST). */
  mutedByHost: [MediaSource];
  /** A step of joining, as it happens (the join benchmark reads them through the test hook). */
  step: [string];
};

/** The connection as a feature module sees it: the signalling channel, who we are, and the room's events. */
export interface RoomLink {
  readonly signal: Signal;
  readonly self: SelfInfo | undefined;
  readonly admission: SeatAdmission | undefined;
  on<E extends keyof RoomEvents>(event: E, listener: (...args: RoomEvents[E]) => void): () => void;
}
