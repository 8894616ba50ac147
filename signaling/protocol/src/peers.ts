import { Type, type Static } from '@sinclair/typebox';
import { MediaKind, MediaSource, RtpParameters } from './media';

/** Who takes part in a session. The token a server issues fixes the role. */
export const Role = Type.Union([
  Type.Literal('mediator'),
  Type.Literal('lawyer'),
  Type.Literal('party'),
  Type.Literal('operator'),
  Type.Literal('observer'),
]);
export type Role = Static<typeof Role>;

/** Ids are opaque strings; the shapes keep junk (and huge strings) out. */
export const Id = Type.String({ minLength: 1, maxLength: 128, pattern: '^[A-Za-z0-9_.:-]+$' });
export const RoomId = Id;
export const PeerId = Id;

export const ProducerInfo = Type.Object({
  producerId: Id,
  kind: MediaKind,
  source: MediaSource,
  paused: Type.Boolean(),
});
export type ProducerInfo = Static<typeof ProducerInfo>;

/**
 * How a participant's media reaches the server (issue #16), from the media path, not the
 * socket: `interrupted` when nothing (RTP, RTCP, ICE checks) has arrived from them for a few
 * seconds (网络中断); `weak` when what they send arrives poorly (the SFU scores it 4 or less
 * for 5 s; 网络较差); `good` otherwise (网络良好). Shown next to their name on everyone's screen.
 */
export const PeerLinkState = Type.Union([Type.Literal('good'), Type.Literal('weak'), Type.Literal('interrupted')]);
export type PeerLinkState = Static<typeof PeerLinkState>;

/**
 * What a receiver's downlink carries (issue #16), decided by the server from its receive
 * transport's bandwidth estimate and loss: `full`; `lowest` (every video at its lowest
 * layer); `speaker` (only the active speaker's video, at its lowest layer); `audioOnly`
 * (no video). Audio always flows.
 */
export const DownlinkMode = Type.Union([Type.Literal('full'), Type.Literal('lowest'), Type.Literal('speaker'), Type.Literal('audioOnly')]);
export type DownlinkMode = Static<typeof DownlinkMode>;

/** A participant as the others see them. `reconnecting`: their link dropped, their seat is kept. */
export const PeerInfo = Type.Object({
  peerId: PeerId,
  displayName: Type.String(),
  role: Role,
  connection: Type.Union([Type.Literal('connected'), Type.Literal('reconnecting')]),
  /** Their media link (absent: `good`). */
  link: Type.Optional(PeerLinkState),
  producers: Type.Array(ProducerInfo),
  /** The village talk room they join from, when their join token names one (two devices of one room differ by displayName). */
  talkRoom: Type.Optional(Type.String()),
});
export type PeerInfo = Static<typeof PeerInfo>;

/** A consumer the server created (paused) for this peer; the client resumes it when ready. */
export const ConsumerInfo = Type.Object({
  consumerId: Id,
  producerId: Id,
  peerId: PeerId,
  kind: MediaKind,
  source: MediaSource,
  rtpParameters: RtpParameters,
  /** The sender has muted this track (producer paused). */
  producerPaused: Type.Boolean(),
});
export type ConsumerInfo = Static<typeof ConsumerInfo>;
