import type { DevicePrincipal, StaffPrincipal } from '../auth/principal';
import { authenticateDevice } from '../auth/devices';
import { DEVICE_TOKEN_PREFIX, verifyApiToken } from '../auth/tokens';
import type { ApiDeps } from '../domain/context';
import { AppError } from '../errors';

/** Who is on a `/queue` socket: a county lawyer, or a talk room (its device or its village operator). */
export type QueueSide = { side: 'lawyer'; principal: StaffPrincipal } | { side: 'talkroom'; principal: StaffPrincipal | DevicePrincipal; talkRoomId: string };

/**
 * The handshake credential (`auth: { token }`), checked like the REST API's bearer
 * token: a JWT access token (staff) or a device credential (`shd_…`). Throws an
 * AppError (401/403) otherwise.
 */
export async function authenticateQueueSocket(deps: ApiDeps, token: unknown): Promise<QueueSide> {
  if (typeof token !== 'string' || token.length === 0 || token.length > 4096) throw new AppError(401, 'AUTH_REQUIRED', 'connect with auth: { token }');
  const p = token.startsWith(DEVICE_TOKEN_PREFIX) ? await authenticateDevice(deps.prisma, token, deps.now()) : await verifyApiToken(deps.authSecret, token);
  if (p.kind === 'device') return { side: 'talkroom', principal: p, talkRoomId: p.talkRoomId };
  if (p.kind === 'staff' && p.role === 'COUNTY_LEGAL_ADVISOR') return { side: 'lawyer', principal: p };
  if (p.kind === 'staff' && p.role === 'VILLAGE_OPERATOR' && p.talkRoomId) return { side: 'talkroom', principal: p, talkRoomId: p.talkRoomId };
  throw new AppError(403, 'ROLE_NOT_ALLOWED', 'the consultation queue is for county lawyers and village talk rooms');
}
