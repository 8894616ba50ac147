import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { DtlsParameters, IceCandidate, IceParameters, IceServer, MediaKind, MediaSource, RtpCapabilities, RtpParameters } from './media';
import { ConsumerInfo, Id, PeerId, ProducerInfo, Role, RoomId } from './peers';
import { recordingRequests } from './recording';
import { Admission, ChatMessage, WaitingPeer } from './lobby';
import { CaucusGroups, CaucusLabel, RoomView } from './room-view';
import { CaseBrief } from './case-brief';

const strict = { additionalProperties: false } as const;

const Empty = Type.Object({}, strict);

/** The host's plan for `host:caucus:set`: `groupId` continues a group that exists now; without it, a new group. */
export const CaucusPlanInput = Type.Array(
  Type.Object({ groupId: Type.Optional(Id), label: CaucusLabel, peerIds: Type.Array(PeerId, { maxItems: 64 }) }, strict),
  { maxItems: 16 },
);
export type CaucusPlanInput = Static<typeof CaucusPlanInput>;

/** The most chat messages one `chat:history` page (and the `join` answer) carries. */
export const CHAT_PAGE_MAX = 100;
/** How many of the latest messages a `join`/`admitted` answer carries. */
export const CHAT_JOIN_PAGE = 50;

/** A seat in a room, as the server answers `join` and `resume`: the seat, and the room as it sees it. */
const Seat = Type.Composite([
  Type.Object({
    roomId: RoomId,
    peerId: PeerId,
    displayName: Type.String(),
    role: Role,
    /** Present this on `resume` after the socket dropped; it changes on every join and resume. */
    resumeToken: Type.String(),
    /** How long the server keeps the seat after the socket drops. */
    graceMs: Type.Integer({ minimum: 0 }),
    /**
     * `waiting`: the seat is in the lobby (no media, chat or other requests: NOT_ADMITTED)
     * until the host admits it (`admitted`) or declines it (`sessionEnded { reason: 'declined' }`).
     * A waiting seat sees no peers, caucus or chat; `hostId` null means no host is present yet.
     */
    admission: Admission,
    /** Who waits in the lobby: filled for an admitted mediator (any of them may host), else empty. */
    lobby: Type.Array(WaitingPeer),
    /**
     * Whether this client turns its own camera off by itself when its uplink cannot carry
     * video (loss and a low bandwidth estimate; issue #16). The server's UPLINK_GUARD.
     */
    uplinkGuard: Type.Boolean(),
  }),
  RoomView,
]);

const TransportInfo = Type.Object({
  transportId: Id,
  iceParameters: IceParameters,
  iceCandidates: Type.Array(IceCandidate),
  dtlsParameters: DtlsParameters,
});
export type TransportInfo = Static<typeof TransportInfo>;

const ProducerRef = Type.Object({ producerId: Id }, strict);
const ConsumerRef = Type.Object({ consumerId: Id }, strict);

/**
 * One request of a namespace: its payload schema, the fields of its successful ack and,
 * when it needs more than DEFAULT_REQUEST_MAX_SIZE, the longest encoded message it may
 * send (`maxSize`, characters of the socket.io packet; see limits.ts).
 */
export type RequestSpec = { request: TSchema; response: TSchema; maxSize?: number };

/**
 * Every client→server request: its payload schema and the fields of its successful
 * ack. The server refuses a message over its size before parsing it, and validates each
 * payload against `request` before any handler runs.
 */
export const requests = {
  /** Raise (or lower) one's hand; everyone is told (`handRaised`). */
  raiseHand: { request: Type.Object({ raised: Type.Boolean() }, strict), response: Empty },
  /** Take a seat with a join token the server issued for this room and role. */
  join: {
    request: Type.Object({ token: Type.String({ minLength: 1, maxLength: 4096 }) }, strict),
    maxSize: 8192,
    response: Type.Composite([
      Seat,
      Type.Object({ routerRtpCapabilities: RtpCapabilities, iceServers: Type.Array(IceServer) }),
    ]),
  },
  /** Re-bind a new socket to the seat kept during the grace period. */
  resume: {
    request: Type.Object({ resumeToken: Type.String({ minLength: 1, maxLength: 4096 }) }, strict),
    maxSize: 8192,
    response: Type.Composite([
      Seat,
      Type.Object({
        iceServers: Type.Array(IceServer),
        /** This peer's producers the server still holds. */
        producers: Type.Array(ProducerInfo),
        /** Every consumer the server holds for this peer (some may be new): reconcile against these. */
        consumers: Type.Array(ConsumerInfo),
        /**
         * `kept`: the seat's transports are still on the server (restart ICE, reconcile);
         * `new`: they are not (the room moved to another node): set media up afresh with
         * `routerRtpCapabilities`.
         */
        media: Type.Union([Type.Literal('kept'), Type.Literal('new')]),
        routerRtpCapabilities: RtpCapabilities,
      }),
    ]),
  },
  /** Give up the seat; the others are told at once. */
  leave: { request: Empty, response: Empty },
  createTransport: {
    request: Type.Object({ direction: Type.Union([Type.Literal('send'), Type.Literal('recv')]) }, strict),
    response: TransportInfo,
  },
  connectTransport: {
    request: Type.Object({ transportId: Id, dtlsParameters: DtlsParameters }, strict),
    maxSize: 8192,
    response: Empty,
  },
  /** New ICE credentials for a transport after the network changed. */
  restartIce: {
    request: Type.Object({ transportId: Id }, strict),
    response: Type.Object({ iceParameters: IceParameters }),
  },
  /** Start sending a track. Camera video may carry up to three simulcast encodings. */
  produce: {
    request: Type.Object(
      {
        transportId: Id,
        kind: MediaKind,
        source: MediaSource,
        rtpParameters: RtpParameters,
        paused: Type.Optional(Type.Boolean()),
        /** The captured frame height, so the server can match layers to receivers' sizes. */
        sourceHeight: Type.Optional(Type.Integer({ minimum: 1, maximum: 4320 })),
      },
      strict,
    ),
    maxSize: 16_384,
    response: Type.Object({ producerId: Id }),
  },
  /** Mute: the server stops forwarding the track; consumers of it are told. */
  pauseProducer: { request: ProducerRef, response: Empty },
  resumeProducer: { request: ProducerRef, response: Empty },
  closeProducer: { request: ProducerRef, response: Empty },
  /** The client can receive: the server creates consumers (paused) for every producer in the room. */
  ready: {
    request: Type.Object({ rtpCapabilities: RtpCapabilities }, strict),
    maxSize: 32_768,
    response: Type.Object({ consumers: Type.Array(ConsumerInfo) }),
  },
  /** The client has set the consumer up: start forwarding. */
  resumeConsumer: { request: ConsumerRef, response: Empty },
  /**
   * The size (device pixels) at which a video is shown: the server picks the simulcast layer
   * nearest it. 0 × 0: not shown (its tile is out of view): the server pauses the video until
   * a size comes again.
   */
  setRenderedSize: {
    request: Type.Object(
      { consumerId: Id, width: Type.Integer({ minimum: 0, maximum: 16384 }), height: Type.Integer({ minimum: 0, maximum: 16384 }) },
      strict,
    ),
    response: Type.Object({ spatialLayer: Type.Integer({ minimum: 0 }) }),
  },
  /**
   * Host only: replace the caucus plan (everyone not listed returns to the plenary). Every
   * peer id must be an admitted seat (NOT_FOUND); a `groupId` must be a group that exists now (NOT_FOUND).
   */
  'host:caucus:set': {
    request: Type.Object({ groups: CaucusPlanInput }, strict),
    maxSize: 32_768,
    response: Type.Object({ groups: CaucusGroups }),
  },
  /**
   * Host only: move one participant (the host too) into a caucus group that exists now
   * (`groupId`), into a new group (`label`), or back to the plenary (`groupId: null`). Exactly one of the two.
   */
  'host:move': {
    request: Type.Object({ peerId: PeerId, groupId: Type.Optional(Type.Union([Id, Type.Null()])), label: Type.Optional(CaucusLabel) }, strict),
    response: Type.Object({ groups: CaucusGroups }),
  },
  /**
   * Host only: hard-mute a participant's microphone, or stop their camera (`muted: true`):
   * the server pauses the track and refuses the participant's own unmute (MUTED_BY_HOST).
   * `muted: false` allows it again; the participant unmutes themself.
   */
  'host:mute': {
    request: Type.Object({ peerId: PeerId, source: MediaSource, muted: Type.Boolean() }, strict),
    response: Empty,
  },
  /**
   * Host only: put one participant (`peerId`), or the whole room (`peerId: null`), on audio
   * only for a weak link (`on: true`): they receive no video and send none (their camera is
   * paused; their own resume is refused with MUTED_BY_HOST); `on: false` gives the video back.
   * Everyone hears `audioOnly`; the person is told through `downlink` (`byHost`).
   */
  'host:audioOnly': {
    request: Type.Object({ peerId: Type.Union([PeerId, Type.Null()]), on: Type.Boolean() }, strict),
    response: Empty,
  },
  /**
   * Host only: remove a participant. `to: 'out'` (the default): for good, they cannot take a
   * seat again in this room. `to: 'lobby'`: back to the lobby, their media closed; the host may admit them again.
   * Also takes someone whose seat timed out but whose place is kept (issue #16): `out` bars them, `lobby` makes them wait when they come back.
   */
  'host:remove': {
    request: Type.Object({ peerId: PeerId, to: Type.Optional(Type.Union([Type.Literal('out'), Type.Literal('lobby')])) }, strict),
    response: Empty,
  },
  /** Host only: admit one person from the lobby (ROOM_LOCKED while the room is locked). */
  'host:admit': { request: Type.Object({ peerId: PeerId }, strict), response: Empty },
  /** Host only: admit everyone waiting (ROOM_LOCKED while the room is locked). Answers who was admitted. */
  'host:admitAll': { request: Empty, response: Type.Object({ peerIds: Type.Array(PeerId) }) },
  /** Host only: decline one person in the lobby: they are told (`sessionEnded { reason: 'declined' }`) and may not wait again. */
  'host:decline': { request: Type.Object({ peerId: PeerId }, strict), response: Empty },
  /** Say something to one's caucus group (the plenary if none); admitted seats only. */
  'chat:send': {
    request: Type.Object({ text: Type.String({ minLength: 1, maxLength: 2000 }) }, strict),
    maxSize: 16_384,
    response: Type.Object({ message: ChatMessage }),
  },
  /**
   * A page of the chat this seat may read now (oldest first): the latest `limit` (default 50)
   * messages, or those just before the message `before`. `more`: earlier messages exist. Audited.
   */
  'chat:history': {
    request: Type.Object({ before: Type.Optional(Id), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: CHAT_PAGE_MAX })) }, strict),
    response: Type.Object({ messages: Type.Array(ChatMessage), more: Type.Boolean() }),
  },
  /** Host or a talk-room operator: show a document of the session's case file to one's own caucus group. */
  'doc:show': { request: Type.Object({ documentId: Id }, strict), response: Empty },
  /** Host or a talk-room operator: stop showing the document in one's own group (`docHidden`). */
  'doc:hide': { request: Empty, response: Empty },
  /** Host only: end the session for everyone (each socket gets `sessionEnded { reason: 'closed' }`). */
  'host:end': { request: Empty, response: Empty },
  /** Host only: hand the host role to a co-mediator (a peer of role `mediator`). */
  'host:handoff': { request: Type.Object({ peerId: PeerId }, strict), response: Empty },
  /** Host only: lock (nobody new may join: ROOM_LOCKED) or unlock the room. Seated peers may still rejoin. */
  'host:lock': { request: Type.Object({ locked: Type.Boolean() }, strict), response: Empty },
  /**
   * Any admitted seat: what the session is about (the case's number and category, each
   * party's name, side and where they join from, when it started); null for a room
   * without a session. Only what every participant may know (`CaseBrief`). NOT_ADMITTED
   * while waiting in the lobby. Audited (`case.brief.read`).
   */
  'room:brief': { request: Empty, response: Type.Object({ brief: Type.Union([CaseBrief, Type.Null()]) }) },
  ...recordingRequests,
} satisfies Record<string, RequestSpec>;

export type Requests = typeof requests;
export type RequestName = keyof Requests;
export type RequestPayload<N extends RequestName> = Static<Requests[N]['request']>;
export type ResponseData<N extends RequestName> = Static<Requests[N]['response']>;
export const requestNames = Object.keys(requests) as RequestName[];
