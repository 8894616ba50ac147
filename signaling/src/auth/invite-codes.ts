import { createHmac, randomInt } from 'node:crypto';
import { normaliseLinkCode } from './join-links';
import { issueRoomToken } from './room-token';
import { issuePartyToken } from './tokens';
import { audit, auditAnonymous } from '../domain/audit';
import type { ApiDeps, Ctx } from '../domain/context';
import { AuthCode, ConflictCode, authError, conflictError, tooMany } from '../domain/errors';
import { canManageSession, enforce } from '../domain/policy';
import { loadSession } from '../domain/sessions';

/**
 * 6-digit invite codes for a party joining a session from their own phone. A code
 * is tied to one session and one party, is valid from issue until the session's window
 * closes (SESSION_CODE_WINDOW_HOURS after its scheduled start; the session's end refuses
 * it earlier) or for an explicit `ttlMinutes`, works once,
 * and is stored only as HMAC(key, sessionId:code). Wrong codes count against every
 * live code of the session: after `limits.inviteCodeAttempts` wrong tries the codes
 * lock (staff issue a new one); each address and each session also have a budget of
 * tries per window.
 */
export const DEFAULT_CODE_TTL_MINUTES = 60;
/** How long after its scheduled start (or after issue, when unscheduled) a session's code stays valid. */
export const SESSION_CODE_WINDOW_HOURS = 6;

/**
 * When a new code stops working: an explicit ttl wins; otherwise the end of the session's
 * window (scheduled start, or issue when unscheduled, plus SESSION_CODE_WINDOW_HOURS), and
 * never sooner than DEFAULT_CODE_TTL_MINUTES after issue. A code for tomorrow's session
 * issued today therefore still works tomorrow.
 */
export function codeExpiry(at: Date, scheduledAt: Date | null, ttlMinutes?: number): Date {
  if (ttlMinutes !== undefined) return new Date(at.getTime() + ttlMinutes * 60_000);
  const windowEnd = (scheduledAt ?? at).getTime() + SESSION_CODE_WINDOW_HOURS * 3600_000;
  return new Date(Math.max(windowEnd, at.getTime() + DEFAULT_CODE_TTL_MINUTES * 60_000));
}

const codeHash = (key: Buffer, sessionId: string, code: string) => createHmac('sha256', key).update(`${sessionId}:${code}`).digest('hex');

export async function createInviteCode(ctx: Ctx, sessionId: string, input: { partyId: string; ttlMinutes?: number | undefined }) {
  const { prisma, now, keys } = ctx.deps;
  const { row, facts } = await loadSession(prisma, sessionId);
  enforce(canManageSession(ctx.actor, facts));
  if (row.endedAt || row.cancelledAt) throw conflictError(ConflictCode.SessionOver, 'the session is over');
  if (!facts.invitedPartyIds.includes(input.partyId)) throw conflictError(ConflictCode.PartyNotInvited, 'invite the party to the session first');
  const at = now();
  const expiresAt = codeExpiry(at, row.scheduledAt, input.ttlMinutes);
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

const NO_SESSION = '00000000-0000-0000-0000-000000000000';

async function sessionOfLink(deps: ApiDeps, link: string): Promise<string> {
  const linkCode = normaliseLinkCode(link);
  const s = linkCode ? await deps.prisma.session.findUnique({ where: { linkCode }, select: { id: true } }) : null;
  return s?.id ?? NO_SESSION;
}

/** What the one conditional UPDATE says about a live code of the session. */
interface CountedCode {
  id: string;
  partyId: string;
  attempts: number;
  matched: boolean;
  claimed: boolean;
}

/**
 * Exchange a code for a party token (this session only) and a live-room join token.
 *
 * Every guess is first counted against the address and the session (atomic counters:
 * attempt-limiter.ts `take`), then judged in ONE conditional statement over the
 * session's live codes: a wrong guess adds 1 to each of them, the right code is
 * claimed only while its count is below the limit. PostgreSQL's row locks put
 * concurrent guesses in one order, so no guess reads a stale count: after the 5th
 * wrong guess the right one is refused however many arrive at once.
 */
export async function exchangeInviteCode(deps: ApiDeps, ip: string | undefined, given: ({ sessionId: string } | { link: string }) & { code: string }) {
  const { prisma, now, keys, limits } = deps;
  const ipKey = `invite|${ip ?? '?'}`;
  const byIp = await limits.inviteCodeIp.take(ipKey);
  if (byIp.retryAfterS > 0) throw tooMany(AuthCode.TooManyAttempts, 'too many wrong codes from this address: try again later', byIp.retryAfterS);
  // a short link (/j/ABC-234) names the session; an unknown one is answered like a wrong code
  const input = { code: given.code, sessionId: 'sessionId' in given ? given.sessionId : await sessionOfLink(deps, given.link) };
  const bySession = await limits.inviteCodeSession.take(`invite-session|${input.sessionId}`);
  if (bySession.retryAfterS > 0) throw tooMany(AuthCode.TooManyAttempts, 'too many codes tried for this session: try again later', bySession.retryAfterS);

  const at = now();
  const hash = codeHash(keys.inviteCode, input.sessionId, input.code);
  const limit = limits.inviteCodeAttempts;
  const counted = await prisma.$queryRaw<CountedCode[]>`
    UPDATE "invite_codes" AS c SET
      "attempts" = c."attempts" + CASE WHEN c."code_hash" = ${hash} THEN 0 ELSE 1 END,
      "used_at" = CASE WHEN c."code_hash" = ${hash} AND c."attempts" < ${limit} THEN ${at} ELSE c."used_at" END
    WHERE c."session_id" = ${input.sessionId}::uuid AND c."used_at" IS NULL AND c."expires_at" > ${at}
      AND EXISTS (SELECT 1 FROM "sessions" s WHERE s."id" = c."session_id" AND s."ended_at" IS NULL AND s."cancelled_at" IS NULL)
    RETURNING c."id", c."party_id" AS "partyId", c."attempts", c."code_hash" = ${hash} AS "matched", c."used_at" IS NOT NULL AS "claimed"`;
  const live = counted.find((c) => c.matched);
  if (live && !live.claimed) throw tooMany(AuthCode.InviteCodeLocked, 'too many wrong codes for this session: ask for a new code');
  if (!live) {
    // a code of this session that is not live any more (used, expired, or the session is over)?
    const old = await prisma.inviteCode.findFirst({ where: { sessionId: input.sessionId, codeHash: hash } });
    if (old) {
      if (old.attempts >= limit) throw tooMany(AuthCode.InviteCodeLocked, 'too many wrong codes for this session: ask for a new code');
      if (old.usedAt) throw authError(AuthCode.InviteCodeUsed, 'this code was used already: ask for a new code');
      if (old.expiresAt <= at) throw authError(AuthCode.InviteCodeExpired, 'this code has expired: ask for a new code');
      throw conflictError(ConflictCode.SessionOver, 'the session is over');
    }
    await auditAnonymous(deps, ip, { action: 'invite_code.wrong', entityType: 'Session', entityId: input.sessionId });
    if (counted.length > 0 && counted.every((c) => c.attempts > limit)) throw tooMany(AuthCode.InviteCodeLocked, 'too many wrong codes for this session: ask for a new code');
    throw authError(AuthCode.InviteCodeInvalid, 'wrong code');
  }
  await limits.inviteCodeIp.succeed(ipKey);
  const session = await prisma.session.findUniqueOrThrow({ where: { id: input.sessionId } });
  const match = { id: live.id, partyId: live.partyId, party: await prisma.party.findUniqueOrThrow({ where: { id: live.partyId }, select: { id: true, name: true } }) };

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
