import { Type, type Static } from '@sinclair/typebox';
import { MediaSource } from './media';
import { Id, PeerId, PeerInfo } from './peers';
import { ChatMessage, DocShown } from './lobby';

const strict = { additionalProperties: false } as const;

/** One hard mute by the host: this peer's microphone or camera. */
export const HostMute = Type.Object({ peerId: PeerId, source: MediaSource });
export type HostMute = Static<typeof HostMute>;

/** Who the host put on audio only for a weak link (issue #16): everyone (`wholeRoom`), or these seats. */
export const AudioOnlyOrders = Type.Object({ wholeRoom: Type.Boolean(), peerIds: Type.Array(PeerId, { maxItems: 200 }) });
export type AudioOnlyOrders = Static<typeof AudioOnlyOrders>;

/** The name the host gives a caucus group (shown to people; never an id). */
export const CaucusLabel = Type.String({ minLength: 1, maxLength: 40 });

/**
 * Caucus groups (背对背): who is in which group; anyone not listed is in the plenary.
 * `groupId` is made by the server for each group instance and never reused: a group the
 * host makes again under the same `label` is a new instance with a new id.
 */
export const CaucusGroups = Type.Array(
  Type.Object({ groupId: Id, label: CaucusLabel, peerIds: Type.Array(PeerId, { maxItems: 64 }) }, strict),
  { maxItems: 16 },
);
export type CaucusGroups = Static<typeof CaucusGroups>;

/**
 * What a seat sees of the room: written once, carried by the `join` and `resume` acks
 * and the `admitted` notification. A waiting seat sees nothing of the room but whether a
 * host is there to admit it and whether the room is locked (every list empty).
 */
export const RoomView = Type.Object({
  /** The other participants now in the room. */
  peers: Type.Array(PeerInfo),
  /** Who hosts the room now (null: no host present). */
  hostId: Type.Union([PeerId, Type.Null()]),
  /** The caucus groups now (see `caucusChanged`). */
  caucus: CaucusGroups,
  /** The host locked the room (see `roomLocked`). */
  locked: Type.Boolean(),
  /** The latest chat messages this seat may read (its caucus group's, or the plenary's; at most 50, page back with `chat:history`); empty while waiting. */
  chat: Type.Array(ChatMessage),
  /** The document shown to this seat's group now, if any. */
  shownDocument: Type.Union([DocShown, Type.Null()]),
  /** Whose hand is raised now (see `handRaised`); empty while waiting. */
  hands: Type.Array(PeerId),
  /** What the host hard-muted now (see `hostMuted`); empty while waiting. */
  hostMutes: Type.Array(HostMute),
  /** Who the host put on audio only for a weak link (absent: nobody). */
  audioOnly: Type.Optional(AudioOnlyOrders),
});
export type RoomView = Static<typeof RoomView>;

/** The view of a seat waiting in the lobby. */
export const waitingRoomView = (hostId: string | null, locked: boolean): RoomView => ({
  peers: [],
  hostId,
  caucus: [],
  locked,
  chat: [],
  shownDocument: null,
  hands: [],
  hostMutes: [],
});
