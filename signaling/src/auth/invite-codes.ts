import { createHmac, randomInt } from 'node:crypto';
import { issueRoomToken } from './room-token';
import { issuePartyToken, constantTimeEqual } from './tokens';
import { audit } from '../domain/audit';
import type { ApiDeps, Ctx } from '../domain/context';
import { AuthCode, ConflictCode, authError, conflictError, tooMany } from '../domain/errors';
import { canManageSession, enforce } from '../domain/policy';
import { loadSession } from '../domain/sessions';

/**
 * 6-digit invite codes for a party joining a session from their own phone. A code
 * is tied to one session and one party, expires (default 60 minutes), works once,
 * and is stored only as HMAC(key, sessionId:code). Wrong codes count against every
 * live code of the session: after `limits.inviteCodeAttempts` wrong tries the codes
 * lock (staff issue a new one); each IP also has a failure budget.
 */
export const DEFAULT_CODE_TTL_MINUTES = 60;

const codeHash = (key: Buffer, sessionId: string, code: string) => createHmac('sha256', key).update(`${sessionId}:${code}`).digest('hex');

export async function createInviteCode(ctx: Ctx, sessionId: string, input: { partyId: string; ttlMinutes?: number | undefined }) {
  const { prisma, now, keys } = ctx.deps;
  const { row, facts } = await loadSession(prisma, sessionId);
  enforce(canManageSession(ctx.actor, facts));
  if (row.endedAt || row.cancelledAt) throw conflictError(ConflictCode.SessionOver, 'the session is over');
  if (!facts.invitedPartyIds.includes(input.partyId)) throw conflictError(ConflictCode.PartyNotInvited, 'invite the party to the session first');
  const at = now();
  const expiresAt = new Date(at.getTime() + (input.ttlMinutes ?? DEFAULT_CODE_TTL_MINUTES) * 60_000);
  return prisma.$transaction(async (tx) => {
    // a new code replaces the party's earlier ones
    await tx.inviteCode.updateMany({ where: { sessionId, partyId: input.partyId, usedAt: null, expiresAt: { gt: at } }, data: { expiresAt: at } });
    const live = new Set((await tx.inviteCode.findMany({ where: { sessionId, usedAt: null, expiresAt: { gt: at } }, select: { codeHash: true } })).map((c) => c.codeHash));
    let code: string;
    do code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    while (live.has(codeHash(keys.inviteCode, sessionId, code)));
    const created = await tx.inviteCode.create({
      data: { sessionId, partyId: input.partyId, codeHash: codeHash(keys.inviteCode, sessionId, code), expiresAt, createdById: ctx.actor.id, createdAt: at },
    });
    await audit(tx, ctx.actor, ctx.ip, { action: 'invite_code.create', entityType: 'InviteCode', entityId: created.id, caseId: row.caseId, details: { sessionId, partyId: input.partyId } });
    return { id: created.id, code, sessionId, partyId: input.partyId, expiresAt };
  });
}

/** Exchange a code for a party token (this session only) and a live-room join token. */
export async function exchangeInviteCode(deps: ApiDeps, ip: string | undefined, input: { sessionId: string; code: string }) {
  const { prisma, now, keys, limits } = deps;
  const ipKey = `invite|${ip ?? '?'}`;
  const wait = await limits.inviteCodeIp.blockedFor(ipKey);
  if (wait > 0) throw tooMany(AuthCode.TooManyAttempts, 'too many wrong codes from this address: try again later', wait);

  const at = now();
  const hash = codeHash(keys.inviteCode, input.sessionId, input.code);
  const codes = await prisma.inviteCode.findMany({ where: { sessionId: input.sessionId }, include: { party: { select: { id: true, name: true } } } });
  const match = codes.find((c) => constantTimeEqual(c.codeHash, hash));
  if (!match) {
    await limits.inviteCodeIp.fail(ipKey);
    const live = codes.filter((c) => !c.usedAt && c.expiresAt > at).map((c) => c.id);
    if (live.length > 0) await prisma.inviteCode.updateMany({ where: { id: { in: live } }, data: { attempts: { increment: 1 } } });
    await audit(prisma, null, ip, { action: 'invite_code.wrong', entityType: 'Session', entityId: input.sessionId });
    throw authError(AuthCode.InviteCodeInvalid, 'wrong code');
  }
  if (match.attempts >= limits.inviteCodeAttempts) throw tooMany(AuthCode.InviteCodeLocked, 'too many wrong codes for this session: ask for a new code');
  if (match.usedAt) throw authError(AuthCode.InviteCodeUsed, 'this code was used already: ask for a new code');
  if (match.expiresAt <= at) throw authError(AuthCode.InviteCodeExpired, 'this code has expired: ask for a new code');

  const session = await prisma.session.findUniqueOrThrow({ where: { id: input.sessionId } });
  if (session.endedAt || session.cancelledAt) throw conflictError(ConflictCode.SessionOver, 'the session is over');
  const used = await prisma.inviteCode.updateMany({ where: { id: match.id, usedAt: null }, data: { usedAt: at } });
  if (used.count !== 1) throw authError(AuthCode.InviteCodeUsed, 'this code was used already: ask for a new code');

  const principal = { kind: 'party' as const, id: match.partyId, sessionId: session.id, name: match.party.name };
  const party = await issuePartyToken(deps.authSecret, principal);
  const join = await issueRoomToken(deps.authSecret, { roomId: session.roomId, role: 'party', displayName: match.party.name.slice(0, 64), peerId: `party-${match.partyId}` });
  await audit(prisma, principal, ip, { action: 'invite_code.exchange', entityType: 'InviteCode', entityId: match.id, caseId: session.caseId, details: { sessionId: session.id } });
  return {
    partyToken: party.token,
    expiresAt: party.expiresAt,
    party: { id: match.party.id, name: match.party.name },
    session: { id: session.id, kind: session.kind, roomId: session.roomId, scheduledAt: session.scheduledAt },
    join: { token: join.token, peerId: join.peerId, roomId: session.roomId, role: 'party' as const, autoAdmit: false, expiresAt: join.expiresAt },
  };
}
