import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Nullable, SessionKind, Uuid } from './common';

/** What the API shows of a live session, its invitees, join tokens and documents (/api/sessions). */
export const InviteView = Type.Object({
  id: Uuid,
  talkRoomId: Nullable(Uuid),
  partyId: Nullable(Uuid),
  staffId: Nullable(Uuid),
  invitedAt: DateTime,
  joinedAt: Nullable(DateTime),
});
export type InviteView = Static<typeof InviteView>;

/** What the session is about and who it is with, so two sessions never look the same (GET /api/sessions). */
export const SessionAbout = Type.Object({
  caseNumber: Nullable(Type.String()),
  /** The case's category, or the consultation's topic (a DisputeCategory). */
  category: Nullable(Type.String()),
  hostName: Type.String(),
  /** The case's parties, 申请方 first. */
  partyNames: Type.Array(Type.String()),
});
export type SessionAbout = Static<typeof SessionAbout>;

export const SessionView = Type.Object({
  id: Uuid,
  kind: SessionKind,
  caseId: Nullable(Uuid),
  consultationId: Nullable(Uuid),
  roomId: Type.String({ description: 'the live (signalling/SFU) room id' }),
  /** The short join link's code: the party's link is /j/<linkCode>, short enough to read out (null: a session from before short links). */
  linkCode: Nullable(Type.String({ pattern: '^[A-Z]{3}-[0-9]{3}$', examples: ['KMT-472'] })),
  /** The host's staff id; null for a party or a talk-room device, who need not know it. */
  hostId: Nullable(Uuid),
  scheduledAt: Nullable(DateTime),
  startedAt: Nullable(DateTime),
  endedAt: Nullable(DateTime),
  cancelledAt: Nullable(DateTime),
  createdAt: DateTime,
  invites: Type.Array(InviteView),
  about: Type.Optional(SessionAbout),
});
export type SessionView = Static<typeof SessionView>;

export const JoinTokenView = Type.Object({
  token: Type.String({ description: 'live-room join token (JWT) for the socket `join` request' }),
  peerId: Type.String(),
  roomId: Type.String(),
  role: Type.String(),
  autoAdmit: Type.Boolean({ description: 'the token skips the lobby (an invited lawyer or co-mediator); mediators always do' }),
  expiresAt: DateTime,
});
export type JoinTokenView = Static<typeof JoinTokenView>;

/** POST /api/sessions/:id/livekit-token: the same seat as a join token, for a LiveKit SDK (`room.connect(url, token)`). */
export const LiveKitTokenView = Type.Object({
  token: Type.String({ description: 'LiveKit access token (JWT with a video grant for this room), signed with the deployment\'s LiveKit API key' }),
  url: Type.String({ description: 'where a LiveKit SDK connects: this server\'s origin as ws:// or wss://' }),
  identity: Type.String({ description: 'the participant identity: the same peer id as this person\'s join token' }),
  room: Type.String({ description: 'the live room id (the LiveKit room name)' }),
  role: Type.String(),
  autoAdmit: Type.Boolean({ description: 'the seat skips the lobby; otherwise it waits, subscribing to nothing, until the host admits it' }),
  expiresAt: DateTime,
});
export type LiveKitTokenView = Static<typeof LiveKitTokenView>;

/** POST /api/sessions/:id/invite-codes: a party's 6-digit code, shown once. */
export const InviteCodeView = Type.Object({ id: Uuid, code: Type.String({ pattern: '^[0-9]{6}$' }), sessionId: Uuid, partyId: Uuid, expiresAt: DateTime });
export type InviteCodeView = Static<typeof InviteCodeView>;

/** POST /api/auth/invite-code: the party's token, who they are, the session and a join token. */
export const InviteExchangeView = Type.Object({
  partyToken: Type.String({ description: 'Bearer token valid for this session only' }),
  expiresAt: DateTime,
  party: Type.Object({ id: Uuid, name: Type.String() }),
  session: Type.Object({ id: Uuid, kind: SessionKind, roomId: Type.String(), scheduledAt: Nullable(DateTime) }),
  join: JoinTokenView,
});
export type InviteExchangeView = Static<typeof InviteExchangeView>;

/** A case-file document as /api/sessions/:id/documents lists and uploads it. */
export const DocumentView = Type.Object({
  id: Uuid,
  caseId: Uuid,
  sessionId: Nullable(Uuid),
  name: Type.String(),
  mime: Type.String(),
  sizeBytes: Type.Integer(),
  sha256: Type.String(),
  uploadedAt: DateTime,
});
export type DocumentView = Static<typeof DocumentView>;
