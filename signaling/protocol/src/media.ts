import { Type, type Static } from '@sinclair/typebox';

/**
 * Structural schemas for the WebRTC/mediasoup objects that cross the socket. They
 * check the shape the server relies on (and reject junk early); mediasoup itself
 * validates the finer detail. Extra properties are allowed so that newer clients
 * can send fields this version does not name, but only plain values (a string, a
 * number, a boolean, null): nothing nests deeper than the shapes below, and every
 * array and map is bounded.
 */
const Plain = Type.Union([Type.String({ maxLength: 256 }), Type.Number(), Type.Boolean(), Type.Null()]);
const open = { additionalProperties: Plain, maxProperties: 32 } as const;
/** Codec or header-extension parameters (`profile-level-id`, `apt`, `useinbandfec`...): names to plain values. */
const CodecParameters = Type.Record(Type.String({ maxLength: 64 }), Type.Union([Type.String({ maxLength: 256 }), Type.Number()]), {
  maxProperties: 32,
});

export const MediaKind = Type.Union([Type.Literal('audio'), Type.Literal('video')]);
export type MediaKind = Static<typeof MediaKind>;

/** What a participant publishes: the camera or the microphone (screen later). */
export const MediaSource = Type.Union([Type.Literal('camera'), Type.Literal('microphone')]);
export type MediaSource = Static<typeof MediaSource>;

const RtcpFeedback = Type.Object({ type: Type.String({ minLength: 1, maxLength: 64 }), parameter: Type.Optional(Type.String({ maxLength: 64 })) }, open);

const RtpCodecCapability = Type.Object(
  {
    kind: MediaKind,
    mimeType: Type.String({ minLength: 3, maxLength: 64 }),
    preferredPayloadType: Type.Optional(Type.Integer({ minimum: 0, maximum: 127 })),
    clockRate: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    channels: Type.Optional(Type.Integer({ minimum: 1, maximum: 16 })),
    parameters: Type.Optional(CodecParameters),
    rtcpFeedback: Type.Optional(Type.Array(RtcpFeedback, { maxItems: 32 })),
  },
  open,
);

const Direction = Type.Union(['sendrecv', 'sendonly', 'recvonly', 'inactive'].map((d) => Type.Literal(d)));

/** A header extension a receiver (or the router) supports. */
const HeaderExtensionCapability = Type.Object(
  {
    kind: MediaKind,
    uri: Type.String({ minLength: 1, maxLength: 256 }),
    preferredId: Type.Integer({ minimum: 1, maximum: 255 }),
    preferredEncrypt: Type.Optional(Type.Boolean()),
    direction: Type.Optional(Direction),
  },
  open,
);

/** A header extension a sender uses (in RtpParameters). */
const HeaderExtension = Type.Object(
  {
    uri: Type.String({ minLength: 1, maxLength: 256 }),
    id: Type.Integer({ minimum: 1, maximum: 255 }),
    encrypt: Type.Optional(Type.Boolean()),
    parameters: Type.Optional(CodecParameters),
  },
  open,
);

/**
 * What a device can receive (mediasoup's RtpCapabilities): its codecs (at least one)
 * and header extensions. `ready` also checks them against the room's router: a device
 * that can decode none of the room's codecs is told so (MEDIA_REJECTED).
 */
export const RtpCapabilities = Type.Object(
  {
    codecs: Type.Array(RtpCodecCapability, { minItems: 1, maxItems: 64 }),
    headerExtensions: Type.Optional(Type.Array(HeaderExtensionCapability, { maxItems: 32 })),
  },
  open,
);
export type RtpCapabilities = Static<typeof RtpCapabilities>;

const RtpCodecParameters = Type.Object(
  {
    mimeType: Type.String({ minLength: 3, maxLength: 64 }),
    payloadType: Type.Integer({ minimum: 0, maximum: 127 }),
    clockRate: Type.Integer({ minimum: 1, maximum: 1_000_000 }),
    channels: Type.Optional(Type.Integer({ minimum: 1, maximum: 16 })),
    parameters: Type.Optional(CodecParameters),
    rtcpFeedback: Type.Optional(Type.Array(RtcpFeedback, { maxItems: 32 })),
  },
  open,
);

const RtpEncoding = Type.Object(
  {
    ssrc: Type.Optional(Type.Integer({ minimum: 0, maximum: 4_294_967_295 })),
    rtx: Type.Optional(Type.Object({ ssrc: Type.Integer({ minimum: 0, maximum: 4_294_967_295 }) }, open)),
    rid: Type.Optional(Type.String({ maxLength: 32 })),
    scaleResolutionDownBy: Type.Optional(Type.Number({ minimum: 1 })),
    maxBitrate: Type.Optional(Type.Number({ minimum: 0 })),
    scalabilityMode: Type.Optional(Type.String({ maxLength: 16 })),
  },
  open,
);

export const RtpParameters = Type.Object(
  {
    mid: Type.Optional(Type.String({ maxLength: 32 })),
    codecs: Type.Array(RtpCodecParameters, { minItems: 1, maxItems: 32 }),
    headerExtensions: Type.Optional(Type.Array(HeaderExtension, { maxItems: 32 })),
    encodings: Type.Optional(Type.Array(RtpEncoding, { maxItems: 8 })),
    rtcp: Type.Optional(Type.Object({ cname: Type.Optional(Type.String({ maxLength: 256 })), reducedSize: Type.Optional(Type.Boolean()) }, open)),
  },
  open,
);
export type RtpParameters = Static<typeof RtpParameters>;

export const DtlsParameters = Type.Object(
  {
    role: Type.Optional(Type.Union([Type.Literal('auto'), Type.Literal('client'), Type.Literal('server')])),
    fingerprints: Type.Array(Type.Object({ algorithm: Type.String({ maxLength: 16 }), value: Type.String({ maxLength: 256 }) }, open), {
      minItems: 1,
      maxItems: 8,
    }),
  },
  open,
);
export type DtlsParameters = Static<typeof DtlsParameters>;

export const IceParameters = Type.Object(
  { usernameFragment: Type.String(), password: Type.String(), iceLite: Type.Optional(Type.Boolean()) },
  open,
);
export type IceParameters = Static<typeof IceParameters>;

export const IceCandidate = Type.Object(
  {
    foundation: Type.String(),
    priority: Type.Number(),
    address: Type.String(),
    protocol: Type.Union([Type.Literal('udp'), Type.Literal('tcp')]),
    port: Type.Integer(),
    type: Type.String(),
    tcpType: Type.Optional(Type.String()),
  },
  open,
);
export type IceCandidate = Static<typeof IceCandidate>;

/** An RTCIceServer as the browser takes it (TURN with time-limited credentials). */
export const IceServer = Type.Object({
  urls: Type.Union([Type.String(), Type.Array(Type.String())]),
  username: Type.Optional(Type.String()),
  credential: Type.Optional(Type.String()),
});
export type IceServer = Static<typeof IceServer>;
