import { Type, type Static } from '@fastify/type-provider-typebox';
import type { Session, SessionInvite } from '@shuoshi/db';
import type { Principal } from '../../auth/principal';
import { DateTime, Nullable, SessionKind, Uuid, iso, isoOrNull } from '../schemas';

/** What the session is about and who it is with, so two sessions never look the same (GET /api/sessions). */
export const SessionAbout = Type.Object({
  caseNumber: Nullable(Type.String()),
  /** The case's category, or the consultation's topic (a DisputeCategory). */
  category: Nullable(Type.String()),
  hostName: Type.String(),
  /** The case's parties, 申请方 first. */
  partyNames: Type.Array(Type.String()),
});

export const InviteView = Type.Object({
  id: Uuid,
  talkRoomId: Nullable(Uuid),
  partyId: Nullable(Uuid),
  staffId: Nullable(Uuid),
  invitedAt: DateTime,
  joinedAt: Nullable(DateTime),
});

export const SessionView = Type.Object({
  id: Uuid,
  kind: SessionKind,
  caseId: Nullable(Uuid),
  consultationId: Nullable(Uuid),
  roomId: Type.String({ description: 'the live (signalling/SFU) room id' }),
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

export type SessionRow = Session & {
  invites: SessionInvite[];
  host?: { displayName: string };
  case?: { caseNumber: string; category: string; parties?: Array<{ party: { name: string } }> } | null;
  consultation?: { topic: string } | null;
};

const aboutOf = (s: SessionRow): Static<typeof SessionAbout> | undefined =>
  s.host
    ? { caseNumber: s.case?.caseNumber ?? null, category: s.case?.category ?? s.consultation?.topic ?? null, hostName: s.host.displayName, partyNames: s.case?.parties?.map((p) => p.party.name) ?? [] }
    : undefined;

export const sessionView = (s: SessionRow): Static<typeof SessionView> => ({
  id: s.id,
  kind: s.kind,
  caseId: s.caseId,
  consultationId: s.consultationId,
  roomId: s.roomId,
  hostId: s.hostId,
  scheduledAt: isoOrNull(s.scheduledAt),
  startedAt: isoOrNull(s.startedAt),
  endedAt: isoOrNull(s.endedAt),
  cancelledAt: isoOrNull(s.cancelledAt),
  createdAt: iso(s.createdAt),
  invites: s.invites.map((i) => ({ id: i.id, talkRoomId: i.talkRoomId, partyId: i.partyId, staffId: i.staffId, invitedAt: iso(i.invitedAt), joinedAt: isoOrNull(i.joinedAt) })),
  ...(aboutOf(s) ? { about: aboutOf(s)! } : {}),
});

/**
 * What a party or a talk-room device reads of a session: its own invite only, and no
 * staff ids (the host's id names the host's live-room seat). Staff see it all.
 */
export function sessionViewFor(viewer: Principal, s: SessionRow): Static<typeof SessionView> {
  const v = sessionView(s);
  if (viewer.kind === 'staff') return v;
  const own = (i: Static<typeof InviteView>) => (viewer.kind === 'party' ? i.partyId === viewer.id : i.talkRoomId === viewer.talkRoomId);
  return { ...v, hostId: null, invites: v.invites.filter(own) };
}

export const JoinTokenView = Type.Object({
  token: Type.String({ description: 'live-room join token (JWT) for the socket `join` request' }),
  peerId: Type.String(),
  roomId: Type.String(),
  role: Type.String(),
  autoAdmit: Type.Boolean({ description: 'the token skips the lobby (an invited lawyer or co-mediator); mediators always do' }),
  expiresAt: DateTime,
});
