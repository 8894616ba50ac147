import { ParticipantInfo, ParticipantInfo_State, ParticipantPermission, TrackInfo, TrackSource, TrackType } from '@livekit/protocol';
import type { MediaSource, ProducerInfo } from '@shuoshi/protocol';
import type { Peer } from '../rooms/peer';
import type { TrackSids } from './track-sids';

/**
 * How our seats look to a LiveKit client: one ParticipantInfo per seat (identity = our
 * peer id, sid = `PA_` + the seat instance, so a resumed seat keeps it and a new seat
 * gets a new one), one TrackInfo per producer (sid = `TR_` + the producer id). Our seat
 * claims (`shuoshi.*` token attributes) are never shown.
 */
export const participantSid = (sessionId: string) => `PA_${sessionId.replace(/-/g, '')}`;

/** Participant infos only count up: livekit-client ignores an update older than what it has. */
let version = 0;
const nextVersion = () => ++version;

const SOURCE: Record<MediaSource, TrackSource> = { camera: TrackSource.CAMERA, microphone: TrackSource.MICROPHONE };

export function trackInfo(sids: TrackSids, p: ProducerInfo, sourceHeight = 0): TrackInfo {
  const video = p.kind === 'video';
  return new TrackInfo({
    sid: sids.sidOf(p.producerId),
    type: video ? TrackType.VIDEO : TrackType.AUDIO,
    name: p.source,
    muted: p.paused,
    source: SOURCE[p.source],
    mimeType: video ? 'video/VP8' : 'audio/opus',
    ...(video && sourceHeight ? { width: Math.round((sourceHeight * 16) / 9), height: sourceHeight } : {}),
  });
}

export interface SeatView {
  peerId: string;
  displayName: string;
  sessionId: string;
  producers: ProducerInfo[];
  joinedAtS: number;
  state: 'active' | 'gone';
  permission?: { canSubscribe: boolean; canPublish: boolean };
  sourceHeights?: Map<string, number>;
  /** Only on a seat's own info (its `shuoshi.consent`); other seats' attributes are never shown. */
  attributes?: Record<string, string>;
}

export function participantInfo(sids: TrackSids, s: SeatView): ParticipantInfo {
  return new ParticipantInfo({
    sid: participantSid(s.sessionId),
    identity: s.peerId,
    name: s.displayName,
    state: s.state === 'active' ? ParticipantInfo_State.ACTIVE : ParticipantInfo_State.DISCONNECTED,
    tracks: s.producers.map((p) => trackInfo(sids, p, s.sourceHeights?.get(p.producerId))),
    joinedAt: BigInt(s.joinedAtS),
    version: nextVersion(),
    isPublisher: s.producers.length > 0,
    ...(s.attributes ? { attributes: s.attributes } : {}),
    ...(s.permission ? { permission: new ParticipantPermission({ canSubscribe: s.permission.canSubscribe, canPublish: s.permission.canPublish, canPublishData: false, canUpdateMetadata: false }) } : {}),
  });
}

/** A seat of the room as others see it (its producers now). */
export function seatView(peer: Peer, joinedAtS: number, state: SeatView['state'] = 'active'): SeatView {
  const sourceHeights = new Map([...peer.producers].map(([id, p]) => [id, p.sourceHeight]));
  return { peerId: peer.id, displayName: peer.displayName, sessionId: peer.sessionId, producers: peer.producerInfos(), joinedAtS, state, sourceHeights };
}
