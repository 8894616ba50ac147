export { InviteView, JoinTokenView, SessionView } from '@shuoshi/protocol';
import type { Static } from '@sinclair/typebox';
import { InviteView, SessionAbout, SessionView } from '@shuoshi/protocol';
import type { Session, SessionInvite } from '@shuoshi/db';
import type { Principal } from '../../auth/principal';
import { iso, isoOrNull } from '../schemas';



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
  linkCode: s.linkCode,
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

