import { randomUUID } from 'node:crypto';
import { hashPassword, verifyPassword, type Prisma, type StaffAccount } from '@shuoshi/db';
import { audit, auditAnonymous } from '../domain/audit';
import type { ApiDeps } from '../domain/context';
import { AuthCode, authError, tooMany } from '../domain/errors';
import type { StaffPrincipal } from './principal';
import { issueAccessToken, randomToken, sha256Hex } from './tokens';

/**
 * Staff sign-in: password (argon2id) → a 15-minute access token and a refresh token.
 * Refresh tokens rotate: each use revokes the presented token and issues the next
 * one of the same family; presenting a revoked token again revokes the family (the
 * whole sign-in), since either it was stolen or the client is confused.
 */
export const REFRESH_TOKEN_TTL_DAYS = 30;
const REFRESH_PREFIX = 'shr_';

export interface ClientInfo {
  ip: string | undefined;
  userAgent: string | undefined;
}

export function staffPrincipal(s: Pick<StaffAccount, 'id' | 'role' | 'countyId' | 'townshipId' | 'villageId' | 'talkRoomId' | 'displayName'>): StaffPrincipal {
  return { kind: 'staff', id: s.id, role: s.role, countyId: s.countyId, townshipId: s.townshipId, villageId: s.villageId, talkRoomId: s.talkRoomId, name: s.displayName };
}

let dummyHash: Promise<string> | undefined;

export async function signIn(deps: ApiDeps, client: ClientInfo, username: string, password: string) {
  const key = `login|${client.ip ?? '?'}|${username.toLowerCase()}`;
  // counted before it is judged (atomic): parallel guesses cannot all pass a stale check
  const { retryAfterS } = await deps.limits.login.take(key);
  if (retryAfterS > 0) throw tooMany(AuthCode.TooManyAttempts, 'too many failed sign-ins: try again later', retryAfterS);
  const staff = await deps.prisma.staffAccount.findUnique({ where: { username } });
  // an unknown user costs the same argon2 time as a wrong password
  const ok = await verifyPassword(staff?.passwordHash ?? (await (dummyHash ??= hashPassword(randomUUID()))), password);
  if (!staff || !ok) {
    await auditAnonymous(deps, client.ip, { action: 'auth.login_failed', entityType: 'StaffAccount', entityId: staff?.id ?? null, details: { username } });
    throw authError(AuthCode.BadCredentials, 'wrong username or password');
  }
  if (!staff.active) throw authError(AuthCode.AccountDisabled, 'this account is disabled');
  await deps.limits.login.succeed(key);
  const principal = staffPrincipal(staff);
  const tokens = await deps.prisma.$transaction(async (tx) => {
    await tx.staffAccount.update({ where: { id: staff.id }, data: { lastLoginAt: deps.now() } });
    const refresh = await newRefreshToken(tx, deps, staff.id, null, client);
    await audit(tx, principal, client.ip, { action: 'auth.login', entityType: 'StaffAccount', entityId: staff.id });
    return refresh;
  });
  const access = await issueAccessToken(deps.authSecret, principal, undefined, staff.credentialsVersion);
  return { principal, access, refresh: tokens };
}

async function newRefreshToken(tx: Prisma.TransactionClient, deps: ApiDeps, staffId: string, familyId: string | null, client: ClientInfo) {
  const token = randomToken(REFRESH_PREFIX);
  const id = randomUUID();
  const expiresAt = new Date(deps.now().getTime() + REFRESH_TOKEN_TTL_DAYS * 24 * 3600 * 1000);
  await tx.refreshToken.create({
    data: { id, staffId, familyId: familyId ?? id, tokenHash: sha256Hex(token), expiresAt, createdAt: deps.now(), ip: client.ip ?? null, userAgent: client.userAgent?.slice(0, 256) ?? null },
  });
  return { token, expiresAt };
}

export async function refresh(deps: ApiDeps, client: ClientInfo, token: string) {
  const { prisma, now } = deps;
  const row = await prisma.refreshToken.findUnique({ where: { tokenHash: sha256Hex(token) }, include: { staff: true } });
  if (!row) throw authError(AuthCode.RefreshInvalid, 'unknown refresh token: sign in again');
  const at = now();
  const revokeFamily = () => prisma.refreshToken.updateMany({ where: { familyId: row.familyId, revokedAt: null }, data: { revokedAt: at } });
  if (row.revokedAt) {
    await revokeFamily();
    await audit(prisma, staffPrincipal(row.staff), client.ip, { action: 'auth.refresh_reused', entityType: 'RefreshToken', entityId: row.id, details: { familyId: row.familyId } });
    throw authError(AuthCode.RefreshReused, 'this refresh token was used already: the sign-in is revoked, sign in again');
  }
  if (row.expiresAt <= at) throw authError(AuthCode.RefreshInvalid, 'the refresh token has expired: sign in again');
  if (!row.staff.active) {
    await revokeFamily();
    throw authError(AuthCode.AccountDisabled, 'this account is disabled');
  }
  const principal = staffPrincipal(row.staff);
  const next = await prisma.$transaction(async (tx) => {
    const rotated = await tx.refreshToken.updateMany({ where: { id: row.id, revokedAt: null }, data: { revokedAt: at } });
    if (rotated.count !== 1) return null;
    return newRefreshToken(tx, deps, row.staffId, row.familyId, client);
  });
  if (!next) {
    // another request rotated it a moment ago: a replay
    await revokeFamily();
    throw authError(AuthCode.RefreshReused, 'this refresh token was used already: the sign-in is revoked, sign in again');
  }
  const access = await issueAccessToken(deps.authSecret, principal, undefined, row.staff.credentialsVersion);
  return { principal, access, refresh: next };
}

/** Ends the sign-in the token belongs to (its whole family). Unknown tokens are ignored. */
export async function signOut(deps: ApiDeps, client: ClientInfo, token: string): Promise<void> {
  const row = await deps.prisma.refreshToken.findUnique({ where: { tokenHash: sha256Hex(token) }, include: { staff: true } });
  if (!row) return;
  await deps.prisma.refreshToken.updateMany({ where: { familyId: row.familyId, revokedAt: null }, data: { revokedAt: deps.now() } });
  await audit(deps.prisma, staffPrincipal(row.staff), client.ip, { action: 'auth.logout', entityType: 'StaffAccount', entityId: row.staffId });
}
