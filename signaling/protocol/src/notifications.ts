import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { MediaSource } from './media';
import { ConsumerInfo, DownlinkMode, Id, PeerId, PeerInfo, PeerLinkState } from './peers';
import { AudioOnlyOrders, CaucusGroups, RoomView } from './room-view';
import { recordingNotifications } from './recording';
import { ChatMessage, DocShown, WaitingPeer } from './lobby';

/** Every server→client event (no ack) and its payload schema. */
export const notifications = {
  peerJoined: Type.Object({ peer: PeerInfo }),
  /** A participant left, was replaced by their own new device, or their grace period ran out. */
  peerLeft: Type.Object({
    peerId: PeerId,
    reason: Type.Union([Type.Literal('left'), Type.Literal('timeout'), Type.Literal('replaced'), Type.Literal('closed'), Type.Literal('removed'), Type.Literal('lobby')]),
  }),
  /** A participant's signalling link dropped (`reconnecting`) or came back (`connected`). */
  peerConnection: Type.Object({ peerId: PeerId, state: Type.Union([Type.Literal('connected'), Type.Literal('reconnecting')]) }),
  /** A participant's media stopped arriving at the server (`interrupted`, within about 5 s) or arrives again (`good`). */
  peerLink: Type.Object({ peerId: PeerId, link: PeerLinkState }),
  /**
   * To one receiver: what its own downlink carries now (issue #16). `heldPeerIds`: whose
   * video the server holds back from it to keep the sound (shown as paused for the link).
   */
  downlink: Type.Object({
    mode: DownlinkMode,
    heldPeerIds: Type.Array(PeerId, { maxItems: 200 }),
    /** The host put this seat on audio only (`host:audioOnly`), not the link's judge. */
    byHost: Type.Boolean(),
  }),
  /** Who the host put on audio only now (`wholeRoom`: everyone, also whoever joins). */
  audioOnly: AudioOnlyOrders,
  /** A new producer appeared: here is its consumer (paused until `resumeConsumer`). */
  newConsumer: ConsumerInfo,
  consumerClosed: Type.Object({ consumerId: Id }),
  /** The sender muted (`paused`) or unmuted the track behind a consumer. */
  consumerPaused: Type.Object({ consumerId: Id, peerId: PeerId, source: MediaSource }),
  consumerResumed: Type.Object({ consumerId: Id, peerId: PeerId, source: MediaSource }),
  /** The loudest speaker now (null after a silence). */
  activeSpeaker: Type.Object({ peerId: Type.Union([PeerId, Type.Null()]) }),
  /**
   * The server hosting the room is shutting down (an upgrade): the seat is kept. Reconnect
   * the signalling through the service's address and `resume`: another node takes the room.
   */
  roomMoving: Type.Object({}),
  /** This socket's seat is gone: taken by another device, timed out, or the room closed. */
  sessionEnded: Type.Object({
    reason: Type.Union([Type.Literal('replaced'), Type.Literal('timeout'), Type.Literal('closed'), Type.Literal('removed'), Type.Literal('ended'), Type.Literal('declined')]),
  }),
  /** The host changed the caucus groups; anyone not listed is in the plenary. Media follows within a second. */
  caucusChanged: Type.Object({ groups: CaucusGroups }),
  /** The host hard-muted (`muted: true`) or allowed again a participant's microphone or camera. */
  hostMuted: Type.Object({ peerId: PeerId, source: MediaSource, muted: Type.Boolean() }),
  /** The host role moved (a handoff, or the host left: null). */
  hostChanged: Type.Object({ peerId: Type.Union([PeerId, Type.Null()]) }),
  /** A participant raised or lowered their hand. */
  handRaised: Type.Object({ peerId: PeerId, raised: Type.Boolean() }),
  /** The host locked or unlocked the room. */
  roomLocked: Type.Object({ locked: Type.Boolean() }),
  ...recordingNotifications,
  /** To admitted mediators: who waits in the lobby now (the whole list, oldest first). */
  lobbyChanged: Type.Object({ waiting: Type.Array(WaitingPeer) }),
  /** To a waiting seat: the host admitted it. Set up media now; the room as it is: */
  admitted: RoomView,
  /** To an admitted seat: the host sent it back to the lobby; its media is closed on the server. */
  returnedToLobby: Type.Object({}),
  /** A chat message in this seat's caucus group (or the plenary). */
  chat: ChatMessage,
  /** A document shown to this seat's group (replaces any shown before). */
  docShown: DocShown,
  /** The document shown to this seat's group was taken down. */
  docHidden: Type.Object({ documentId: Id, groupId: Type.Union([Id, Type.Null()]) }),
} satisfies Record<string, TSchema>;

export type Notifications = typeof notifications;
export type NotificationName = keyof Notifications;
export type NotificationPayload<N extends NotificationName> = Static<Notifications[N]>;
