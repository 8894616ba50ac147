import crypto from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { ErrorCode, Role, type Role as RoleName } from '@shuoshi/protocol';
import { Value } from '@sinclair/typebox/value';
import { AppError } from '../errors';

/**
 * Room join tokens: HS256 JWTs signed with config.authSecret. The server issues one
 * per person, room and role (today from the dev endpoint; later from the accounts
 * API); a socket can take a seat only with one. The peer identity (`sub`) lives in
 * the token, so the same person joining again takes back the same seat.
 *
 * Resume tokens are a second kind (`typ: resume`) bound to one seat instance (`sid`):
 * a reconnecting socket presents it to re-bind to the peer kept during the grace period.
 */
const ISSUER = 'shuoshi';
const JOIN_AUDIENCE = 'shuoshi:room';
const RESUME_AUDIENCE = 'shuoshi:resume';

export interface RoomClaims {
  roomId: string;
  role: RoleName;
  displayName: string;
  peerId: string;
  /** Skips the lobby (an invited lawyer or co-mediator); absent: a non-mediator waits for the host. */
  autoAdmit?: boolean | undefined;
  /** The village talk room the person joins from (its name), shown to the host in the lobby. */
  talkRoom?: string | undefined;
  /** The session's own host (its mediator, or the lawyer of a consultation): hosts the room while present. */
  host?: boolean | undefined;
}

export interface ResumeClaims {
  roomId: string;
  peerId: string;
  /** The seat instance: a peer that was removed and joined again has a new one. */
  sessionId: string;
}

const key = (secret: string) => new TextEncoder().encode(secret);
const unauthorized = (message: string) => new AppError(401, ErrorCode.Unauthorized, message);
const ID = /^[A-Za-z0-9_.:-]{1,128}$/;

export function newPeerId(): string {
  return `p-${crypto.randomUUID()}`;
}

export async function issueRoomToken(
  secret: string,
  claims: Omit<RoomClaims, 'peerId'> & { peerId?: string },
  ttlSeconds = 4 * 3600,
): Promise<{ token: string; peerId: string; expiresAt: Date }> {
  const peerId = claims.peerId ?? newPeerId();
  if (!ID.test(claims.roomId) || !ID.test(peerId)) throw new AppError(400, ErrorCode.BadRequest, 'roomId and peerId must be short ids');
  if (!Value.Check(Role, claims.role)) throw new AppError(400, ErrorCode.BadRequest, `unknown role ${String(claims.role)}`);
  const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
  const extra = { ...(claims.autoAdmit ? { aa: true } : {}), ...(claims.host ? { ho: true } : {}), ...(claims.talkRoom ? { tr: claims.talkRoom.slice(0, 64) } : {}) };
  const token = await new SignJWT({ roomId: claims.roomId, role: claims.role, name: claims.displayName, ...extra })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(JOIN_AUDIENCE)
    .setSubject(peerId)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(key(secret));
  return { token, peerId, expiresAt: new Date(exp * 1000) };
}

/** Verifies a join token; throws AppError UNAUTHORIZED (never says which check failed beyond expiry). */
export async function verifyRoomToken(secret: string, token: string): Promise<RoomClaims> {
  const payload = await verify(secret, token, JOIN_AUDIENCE);
  const { roomId, role, name, aa, tr, ho } = payload as { roomId?: unknown; role?: unknown; name?: unknown; aa?: unknown; tr?: unknown; ho?: unknown };
  if (typeof roomId !== 'string' || !ID.test(roomId) || !Value.Check(Role, role) || typeof name !== 'string' || !payload.sub || !ID.test(payload.sub)) {
    throw unauthorized('join token lacks room claims');
  }
  return {
    roomId,
    role,
    displayName: name.slice(0, 64),
    peerId: payload.sub,
    ...(aa === true ? { autoAdmit: true } : {}),
    ...(ho === true ? { host: true } : {}),
    ...(typeof tr === 'string' && tr ? { talkRoom: tr.slice(0, 64) } : {}),
  };
}

export async function issueResumeToken(secret: string, claims: ResumeClaims, ttlSeconds: number): Promise<string> {
  return new SignJWT({ roomId: claims.roomId, sid: claims.sessionId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(RESUME_AUDIENCE)
    .setSubject(claims.peerId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(Date.now() / 1000) + Math.max(60, ttlSeconds))
    .sign(key(secret));
}

export async function verifyResumeToken(secret: string, token: string): Promise<ResumeClaims> {
  const payload = await verify(secret, token, RESUME_AUDIENCE);
  const { roomId, sid } = payload as { roomId?: unknown; sid?: unknown };
  if (typeof roomId !== 'string' || typeof sid !== 'string' || !payload.sub) throw unauthorized('resume token lacks claims');
  return { roomId, peerId: payload.sub, sessionId: sid };
}

async function verify(secret: string, token: string, audience: string) {
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, audience, algorithms: ['HS256'] });
    return payload;
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw unauthorized('token expired');
    throw unauthorized('invalid token');
  }
}
