import { Type, type Static } from '@sinclair/typebox';
import { Id, PeerId, Role } from './peers';

/** Whether a seat may take part (`admitted`) or waits in the lobby for the host (`waiting`). */
export const Admission = Type.Union([Type.Literal('admitted'), Type.Literal('waiting')]);
export type Admission = Static<typeof Admission>;

/** Someone in the lobby, as the host sees them (oldest first). */
export const WaitingPeer = Type.Object({
  peerId: PeerId,
  displayName: Type.String(),
  role: Role,
  /** The village talk room they join from, when their join token names one. */
  talkRoom: Type.Union([Type.String(), Type.Null()]),
  /** When they first entered the lobby (a reload or reconnect keeps this place). */
  since: Type.String({ format: 'date-time' }),
  /** Their signalling link dropped; the lobby place is kept for the grace period. */
  connection: Type.Union([Type.Literal('connected'), Type.Literal('reconnecting')]),
});
export type WaitingPeer = Static<typeof WaitingPeer>;

/** A chat message of the session; `groupId` is the caucus group instance it was said in (null: the plenary). */
export const ChatMessage = Type.Object({
  messageId: Id,
  peerId: PeerId,
  displayName: Type.String(),
  text: Type.String(),
  at: Type.String({ format: 'date-time' }),
  groupId: Type.Union([Id, Type.Null()]),
});
export type ChatMessage = Static<typeof ChatMessage>;

/** A case-file document the host (or a talk-room operator) shows to their caucus group. */
export const DocShown = Type.Object({
  documentId: Id,
  name: Type.String(),
  mime: Type.String(),
  /** Download address for this recipient (carries a short-lived access token for them alone). */
  url: Type.String(),
  byPeerId: PeerId,
  groupId: Type.Union([Id, Type.Null()]),
});
export type DocShown = Static<typeof DocShown>;
