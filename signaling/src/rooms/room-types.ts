import type { MediaKind, MediaSource, Role, RtpParameters } from '@shuoshi/protocol';
import type { Logger } from '../logger';
import type { ChatStore } from './chat';
import type { OwnedProducer, Peer } from './peer';
import type { DocShowings, DocUrl } from './shared-docs';
import type { LinkWatchTiming } from './link-watch';

export interface RoomOptions {
  /** How long a peer whose socket dropped keeps its seat. */
  graceMs: number;
  /**
   * How long an admitted person whose seat timed out keeps their place: joining again
   * within it seats them without the lobby (0 or absent: not kept). Issue #16.
   */
  admissionKeepMs?: number | undefined;
  /** How outages are seen from the media path (link-watch.ts); default every 1 s, 3.5 s quiet. */
  linkWatch?: LinkWatchTiming | undefined;
  log: Logger;
  /** Where the session chat is kept (memory only without one). */
  chatStore?: ChatStore | undefined;
  /** Download addresses of shown documents (see docs/api.md, documents). */
  docUrl?: DocUrl | undefined;
  /** Where who-was-shown-which-document is noted (REST access of parties follows it). */
  docShowings?: DocShowings | undefined;
}

export interface SeatClaims {
  peerId: string;
  displayName: string;
  role: Role;
  /** Skips the lobby (an invited lawyer or co-mediator); mediators always do. */
  autoAdmit?: boolean | undefined;
  /** The village talk room they join from, shown to the host while they wait. */
  talkRoom?: string | null | undefined;
  /** The session's own host (its mediator, or the lawyer of a consultation). */
  host?: boolean | undefined;
}

export interface ProduceRequest {
  transportId: string;
  kind: MediaKind;
  source: MediaSource;
  rtpParameters: RtpParameters;
  paused?: boolean;
  sourceHeight?: number;
}

export type PeerLeaveReason = 'left' | 'timeout' | 'replaced' | 'closed' | 'removed' | 'lobby';

/** What a room tells listeners in-process (recording listens: it is just another consumer). */
export type RoomEvents = {
  close: [];
  /** A peer took a seat (after a replaced seat's `peerLeft`). */
  peerSeated: [peer: Peer];
  /** A kept seat was re-bound to a new socket. */
  peerResumed: [peer: Peer];
  peerLeft: [peer: Peer, reason: PeerLeaveReason];
  producerAdded: [peer: Peer, producer: OwnedProducer];
  /** The caucus plan changed (consumers already follow it). */
  caucusChanged: [];
};
