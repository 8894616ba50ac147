import { decodeJwt } from 'jose';
import type { DevicePrincipal, StaffPrincipal } from '../auth/principal';
import { authenticateDevice } from '../auth/devices';
import { assertStanding } from '../auth/standing';
import { DEVICE_TOKEN_PREFIX, credentialsVersionOf, verifyApiToken } from '../auth/tokens';
import type { ApiDeps } from '../domain/context';
import { AuthCode, authError } from '../domain/errors';
import { AppError } from '../errors';

/**
 * Who is on a `/queue` socket: a county lawyer, or a talk room (its device or its village
 * operator); `expiresAt` (ms) is when a staff access token runs out (null: a device credential).
 */
export type QueueSide = ({ side: 'lawyer'; principal: StaffPrincipal } | { side: 'talkroom'; principal: StaffPrincipal | DevicePrincipal; talkRoomId: string }) & {
  expiresAt: number | null;
  /** the staff access token's credentials version (a password reset ends it); undefined for a device */
  credentialsVersion?: number | undefined;
};

/**
 * The handshake credential (`auth: { token }`), checked like the REST API's bearer
 * token: a JWT access token (staff, whose account must still be active) or a device
 * credential (`shd_…`). Throws an AppError (401/403) otherwise.
 */
export async function authenticateQueueSocket(deps: ApiDeps, token: unknown): Promise<QueueSide> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 4096) throw new AppError(401, 'AUTH_REQUIRED', 'connect with auth: { token }');
  if (token.startsWith(DEVICE_TOKEN_PREFIX)) {
    const p = await authenticateDevice(deps.prisma, token, deps.now());
    return { side: 'talkroom', principal: p, talkRoomId: p.talkRoomId, expiresAt: null };
  }
  const p = await verifyApiToken(deps.authSecret, token);
  const credentialsVersion = credentialsVersionOf(token);
  if (p.kind === 'staff') await assertStanding(deps.prisma, { ...p, credentialsVersion });
  const expiresAt = (decodeJwt(token).exp ?? 0) * 1000;
  if (p.kind === 'staff' && p.role === 'COUNTY_LEGAL_ADVISOR') return { side: 'lawyer', principal: p, expiresAt, credentialsVersion };
  if (p.kind === 'staff' && p.role === 'VILLAGE_OPERATOR' && p.talkRoomId) return { side: 'talkroom', principal: p, talkRoomId: p.talkRoomId, expiresAt, credentialsVersion };
  throw new AppError(403, 'ROLE_NOT_ALLOWED', 'the consultation queue is for county lawyers and village talk rooms');
}

/**
 * The socket's credential still holds now: its access token has not expired and its
 * account or device has not been disabled or revoked (or the password reset) since it connected. Checked
 * before every request and before every push that carries a secret (a join token).
 */
export async function assertQueueSideStands(deps: ApiDeps, side: QueueSide): Promise<void> {
  if (side.expiresAt !== null && Date.now() >= side.expiresAt) throw authError(AuthCode.TokenExpired, 'token expired: refresh it and connect again');
  await assertStanding(deps.prisma, { ...side.principal, credentialsVersion: side.credentialsVersion });
}
