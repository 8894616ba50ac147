import { randomUUID } from 'node:crypto';
import type { Prisma, PrismaClient } from '@shuoshi/db';
import type { Role } from '@shuoshi/protocol';
import { newLinkCode } from '../auth/join-links';
import { issueRoomToken, type RoomClaims } from '../auth/room-token';
import { audit } from './audit';
import { caseFacts, loadCase } from './case-facts';
import type { Ctx } from './context';
import { BadInputCode, ConflictCode, badInput, conflictError, notFoundError } from './errors';
import { canAnswerConsultation, canJoinSession, canManageSession, canReadSession, canWorkOnCase, enforce, type SessionFacts } from './policy';

/** Video meetings: scheduling (with invites), reading, joining (a live-room token), start and end. */
type Reader = Pick<PrismaClient, 'session'> | Prisma.TransactionClient;

const sessionInclude = {
  invites: { orderBy: { invitedAt: 'asc' } },
  case: {
    include: {
      referrals: { select: { toTownshipId: true } },
      sessions: { select: { invites: { where: { OR: [{ staffId: { not: null } }, { talkRoomId: { not: null } }] }, select: { staffId: true, talkRoomId: true } } } },
      consultations: { select: { lawyerId: true } },
    },
  },
  consultation: { include: { talkRoom: { select: { villageId: true } } } },
} satisfies Prisma.SessionInclude;

export async function loadSession(db: Reader, id: string) {
  const s = await db.session.findUnique({ where: { id }, include: sessionInclude });
  if (!s) throw notFoundError('session');
  const facts: SessionFacts = {
    id: s.id,
    hostId: s.hostId,
    countyId: s.case?.countyId ?? s.consultation!.countyId,
    invitedStaffIds: s.invites.flatMap((i) => (i.staffId ? [i.staffId] : [])),
    invitedTalkRoomIds: s.invites.flatMap((i) => (i.talkRoomId ? [i.talkRoomId] : [])),
    invitedPartyIds: s.invites.flatMap((i) => (i.partyId ? [i.partyId] : [])),
    case: s.case ? caseFacts(s.case, s.case) : null,
    consultation: s.consultation ? { talkRoomId: s.consultation.talkRoomId, villageId: s.consultation.talkRoom.villageId, lawyerId: s.consultation.lawyerId } : null,
  };
  return { row: s, facts };
}

export interface ScheduleInput {
  kind: 'MEDIATION' | 'CONSULTATION';
  caseId?: string | undefined;
  consultationId?: string | undefined;
  scheduledAt?: Date | undefined;
  talkRoomIds: string[];
  partyIds: string[];
  staffIds: string[];
}

export async function scheduleSession(ctx: Ctx, input: ScheduleInput) {
  const { prisma, now } = ctx.deps;
  return prisma.$transaction(async (tx) => {
    let countyId: string;
    let caseId: string | null = null;
    let consultationId: string | null = null;
    let allowedParties: string[];
    const talkRoomIds = new Set(input.talkRoomIds);
    if (input.kind === 'MEDIATION') {
      const { row, facts } = await loadCase(tx, input.caseId!);
      enforce(canWorkOnCase(ctx.actor, facts));
      if (row.status === 'CLOSED') throw conflictError(ConflictCode.CaseClosed, 'a closed case has no more sessions');
      countyId = row.countyId;
      caseId = row.id;
      allowedParties = (await tx.caseParty.findMany({ where: { caseId: row.id }, select: { partyId: true } })).map((p) => p.partyId);
    } else {
      const q = await tx.consultation.findUnique({ where: { id: input.consultationId! }, include: { sessions: { select: { invites: { select: { staffId: true } } } }, talkRoom: { select: { villageId: true } } } });
      if (!q) throw notFoundError('consultation');
      enforce(canAnswerConsultation(ctx.actor, { countyId: q.countyId, villageId: q.talkRoom.villageId, talkRoomId: q.talkRoomId, lawyerId: q.lawyerId, status: q.status, invitedStaffIds: [] }));
      if (q.status === 'ANSWERED' || q.status === 'ABANDONED') throw conflictError(ConflictCode.ConsultationState, `the consultation is ${q.status}`);
      if (q.status === 'QUEUED') await tx.consultation.update({ where: { id: q.id }, data: { status: 'ACCEPTED', lawyerId: ctx.actor.id, acceptedAt: now() } });
      countyId = q.countyId;
      consultationId = q.id;
      allowedParties = q.partyId ? [q.partyId] : [];
      talkRoomIds.add(q.talkRoomId);
    }
    const rooms = await tx.talkRoom.findMany({ where: { id: { in: [...talkRoomIds] }, countyId, active: true }, select: { id: true } });
    if (rooms.length !== talkRoomIds.size) throw badInput(BadInputCode.UnknownTalkRoom, 'unknown or inactive talk room');
    const partyIds = [...new Set(input.partyIds)];
    if (partyIds.some((id) => !allowedParties.includes(id))) throw badInput(BadInputCode.PartyNotInCase, `only the ${input.kind === 'MEDIATION' ? "case's" : "consultation's"} parties can be invited`);
    const staffIds = [...new Set(input.staffIds)].filter((id) => id !== ctx.actor.id);
    if ((await tx.staffAccount.count({ where: { id: { in: staffIds }, countyId, active: true } })) !== staffIds.length) throw badInput(BadInputCode.UnknownStaff, 'unknown or inactive staff member');

    const at = now();
    let linkCode = newLinkCode();
    while (await tx.session.findUnique({ where: { linkCode }, select: { id: true } })) linkCode = newLinkCode();
    const session = await tx.session.create({
      data: { kind: input.kind, caseId, consultationId, roomId: `r-${randomUUID()}`, linkCode, hostId: ctx.actor.id, scheduledAt: input.scheduledAt ?? null, createdAt: at },
    });
    const invitedBy = ctx.actor.id;
    await tx.sessionInvite.createMany({
      data: [
        ...[...talkRoomIds].map((talkRoomId) => ({ sessionId: session.id, talkRoomId, invitedById: invitedBy, invitedAt: at })),
        ...partyIds.map((partyId) => ({ sessionId: session.id, partyId, invitedById: invitedBy, invitedAt: at })),
        ...staffIds.map((staffId) => ({ sessionId: session.id, staffId, invitedById: invitedBy, invitedAt: at })),
      ],
    });
    if (caseId) await tx.caseEvent.create({ data: { caseId, type: 'SESSION_SCHEDULED', actorId: ctx.actor.id, at, payload: { sessionId: session.id } } });
    await audit(tx, ctx.actor, ctx.ip, { action: 'session.schedule', entityType: 'Session', entityId: session.id, caseId });
    return (await loadSession(tx, session.id)).row;
  });
}

export async function getSession(ctx: Ctx, id: string) {
  const { row, facts } = await loadSession(ctx.deps.prisma, id);
  enforce(canReadSession(ctx.actor, facts));
  await audit(ctx.deps.prisma, ctx.actor, ctx.ip, { action: 'session.read', entityType: 'Session', entityId: id, caseId: row.caseId });
  return row;
}

/** What a session is about and who it is with (a kiosk's card, a list row): the case's number, category and parties, the host's name. */
const SESSION_ABOUT = {
  host: { select: { displayName: true } },
  case: { select: { caseNumber: true, category: true, parties: { select: { side: true, party: { select: { name: true } } }, orderBy: [{ side: 'asc' }, { addedAt: 'asc' }] } } },
  consultation: { select: { topic: true } },
} satisfies Prisma.SessionInclude;

/** "My sessions": hosted by or inviting this staff member, inviting this device's talk room, or the party's own. */
export async function listMySessions(ctx: Ctx, q: { active: boolean; page: number; pageSize: number }) {
  const a = ctx.actor;
  const mine: Prisma.SessionWhereInput =
    a.kind === 'staff' ? { OR: [{ hostId: a.id }, { invites: { some: { staffId: a.id } } }] }
    : a.kind === 'device' ? { invites: { some: { talkRoomId: a.talkRoomId } } }
    : { id: a.sessionId };
  const where: Prisma.SessionWhereInput = { ...mine, ...(q.active ? { endedAt: null, cancelledAt: null } : {}) };
  const [items, total] = await Promise.all([
    ctx.deps.prisma.session.findMany({ where, include: { invites: { orderBy: { invitedAt: 'asc' } }, ...SESSION_ABOUT }, orderBy: [{ scheduledAt: { sort: 'desc', nulls: 'first' } }, { id: 'desc' }], skip: (q.page - 1) * q.pageSize, take: q.pageSize }),
    ctx.deps.prisma.session.count({ where }),
  ]);
  await audit(ctx.deps.prisma, a, ctx.ip, { action: 'session.list', entityType: 'Session', details: { page: q.page, total, sessionIds: items.map((s) => s.id) } });
  return { items, total };
}

export const JOIN_TTL_SECONDS = 4 * 3600;

function liveRole(ctx: Ctx, roomKind: string | undefined): Role {
  const a = ctx.actor;
  if (a.kind === 'party') return 'party';
  if (a.kind === 'device') return roomKind === 'TOWNSHIP_MEDIATION_ROOM' ? 'mediator' : roomKind === 'COUNTY_LEGAL_OFFICE' ? 'lawyer' : 'operator';
  return a.role === 'TOWNSHIP_MEDIATOR' ? 'mediator' : a.role === 'VILLAGE_OPERATOR' ? 'operator' : a.role === 'COUNTY_LEGAL_ADVISOR' ? 'lawyer' : 'observer';
}

/**
 * The seat the caller may take in the session's room, by the rules behind every
 * join token (ours and LiveKit's): the host and the invited only, while the session
 * is not over; the same person always gets the same peer id. Marks the invite joined.
 */
export async function sessionSeat(ctx: Ctx, id: string): Promise<{ seat: RoomClaims; caseId: string | null }> {
  const { prisma, now } = ctx.deps;
  const { row, facts } = await loadSession(prisma, id);
  enforce(canJoinSession(ctx.actor, facts));
  if (row.endedAt || row.cancelledAt) throw conflictError(ConflictCode.SessionOver, 'the session is over');
  const a = ctx.actor;
  const room = a.kind === 'device' ? await prisma.talkRoom.findUnique({ where: { id: a.talkRoomId }, select: { kind: true, name: true } }) : null;
  const role = liveRole(ctx, room?.kind);
  const peerId = `${a.kind}-${a.id}`;
  // the session's own host and its invited lawyer or co-mediator skip the lobby; everyone else (but a mediator) waits for the host.
  // A consultation has no lobby: only its lawyer and the talk room that asked may join it at all.
  const host = a.kind === 'staff' && row.hostId === a.id;
  const autoAdmit = row.kind === 'CONSULTATION' || host || (a.kind === 'staff' && (role === 'lawyer' || role === 'mediator') && facts.invitedStaffIds.includes(a.id));
  const invitee: Prisma.SessionInviteWhereInput = a.kind === 'staff' ? { staffId: a.id } : a.kind === 'device' ? { talkRoomId: a.talkRoomId } : { partyId: a.id };
  await prisma.sessionInvite.updateMany({ where: { sessionId: id, joinedAt: null, ...invitee }, data: { joinedAt: now() } });
  const seat: RoomClaims = { roomId: row.roomId, role, displayName: a.name.slice(0, 64) || role, peerId, autoAdmit, host, ...(room?.name ? { talkRoom: room.name } : {}) };
  return { seat, caseId: row.caseId };
}

/** A live-room join token (issueRoomToken) for the session's room (see sessionSeat). */
export async function joinSession(ctx: Ctx, id: string) {
  const { seat, caseId } = await sessionSeat(ctx, id);
  const joined = await issueRoomToken(ctx.deps.authSecret, seat, JOIN_TTL_SECONDS);
  await audit(ctx.deps.prisma, ctx.actor, ctx.ip, { action: 'session.join', entityType: 'Session', entityId: id, caseId, details: { role: seat.role, peerId: seat.peerId } });
  return { token: joined.token, peerId: joined.peerId, roomId: seat.roomId, role: seat.role, autoAdmit: Boolean(seat.autoAdmit), expiresAt: joined.expiresAt };
}

export async function startSession(ctx: Ctx, id: string) {
  return changeSession(ctx, id, 'start');
}

/** Ends the session (stored first), then closes its live room on this node: its seats are told, as when the host ends it. */
export async function endSession(ctx: Ctx, id: string) {
  const ended = await changeSession(ctx, id, 'end');
  ctx.deps.endLiveRoom(ended.roomId);
  return ended;
}

async function changeSession(ctx: Ctx, id: string, what: 'start' | 'end') {
  const { prisma, now } = ctx.deps;
  return prisma.$transaction(async (tx) => {
    const { row, facts } = await loadSession(tx, id);
    enforce(canManageSession(ctx.actor, facts));
    if (row.endedAt || row.cancelledAt) throw conflictError(ConflictCode.SessionOver, 'the session is over');
    const at = now();
    if (what === 'start') {
      if (row.startedAt) throw conflictError(ConflictCode.SessionAlreadyStarted, 'the session has started already');
      const n = await tx.session.updateMany({ where: { id, startedAt: null, endedAt: null }, data: { startedAt: at } });
      if (n.count !== 1) throw conflictError(ConflictCode.ConcurrentUpdate, 'the session changed meanwhile');
    } else {
      if (!row.startedAt) throw conflictError(ConflictCode.SessionNotStarted, 'the session has not started');
      const n = await tx.session.updateMany({ where: { id, endedAt: null }, data: { endedAt: at } });
      if (n.count !== 1) throw conflictError(ConflictCode.ConcurrentUpdate, 'the session changed meanwhile');
    }
    if (row.caseId) await tx.caseEvent.create({ data: { caseId: row.caseId, type: what === 'start' ? 'SESSION_STARTED' : 'SESSION_ENDED', actorId: ctx.actor.id, at, payload: { sessionId: id } } });
    await audit(tx, ctx.actor, ctx.ip, { action: `session.${what}`, entityType: 'Session', entityId: id, caseId: row.caseId });
    return (await loadSession(tx, id)).row;
  });
}
