import type { PrismaClient } from '@shuoshi/db';
import { AuthCode, authError } from '../domain/errors';

/**
 * Whether a credential's holder still stands now: a staff account not disabled, a
 * talk-room device not revoked (and its talk room in use). Tokens carry who someone
 * was when they were issued; this is checked again on every REST request, every
 * `/queue` request and push that carries a secret, and every live-room join and resume.
 * One primary-key read, no cache: a disable, a revoke or a password reset bites on the
 * next request.
 */
export type Holder = { kind: 'staff' | 'device'; id: string };

/** A staff holder presenting an access token also says which credentials version it was issued under. */
export type StandingCheck = Holder & { credentialsVersion?: number | undefined };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Throws 401 ACCOUNT_DISABLED / DEVICE_REVOKED (or TOKEN_INVALID for an unknown holder). */
export async function assertStanding(prisma: Pick<PrismaClient, 'staffAccount' | 'talkRoomDevice'>, who: StandingCheck): Promise<void> {
  if (!UUID.test(who.id)) throw authError(AuthCode.TokenInvalid, 'invalid token');
  if (who.kind === 'staff') {
    const s = await prisma.staffAccount.findUnique({ where: { id: who.id }, select: { active: true, credentialsVersion: true } });
    if (!s) throw authError(AuthCode.TokenInvalid, 'invalid token');
    if (!s.active) throw authError(AuthCode.AccountDisabled, 'this account is disabled');
    // the password was reset after this token was issued: the client refreshes, which fails too, and signs in again
    if (who.credentialsVersion !== undefined && who.credentialsVersion !== s.credentialsVersion) throw authError(AuthCode.TokenExpired, 'the password was changed: sign in again');
    return;
  }
  const d = await prisma.talkRoomDevice.findUnique({ where: { id: who.id }, select: { revokedAt: true, talkRoom: { select: { active: true } } } });
  if (!d) throw authError(AuthCode.TokenInvalid, 'invalid token');
  if (d.revokedAt || !d.talkRoom.active) throw authError(AuthCode.DeviceRevoked, 'this device was revoked: enrol it again');
}

/**
 * The holder behind a live-room peer id that the API issued (`staff-<id>`, `device-<id>`,
 * see domain/sessions.ts joinSession); null for a party or any other seat.
 */
export function holderOfPeer(peerId: string): Holder | null {
  const m = /^(staff|device)-(.+)$/.exec(peerId);
  return m && UUID.test(m[2]!) ? { kind: m[1] as Holder['kind'], id: m[2]! } : null;
}

/** Where a disable or revoke is announced so that open sockets of the holder close (on every node). */
export type AccessRevoked = (who: Holder) => void;
