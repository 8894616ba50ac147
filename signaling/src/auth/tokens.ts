import { createHash, randomBytes, timingSafeEqual, webcrypto } from 'node:crypto';
import { SignJWT, decodeJwt, jwtVerify, errors as joseErrors } from 'jose';
import { AuthCode, authError } from '../domain/errors';
import type { PartyPrincipal, StaffPrincipal } from './principal';

/**
 * API bearer tokens: HS256 JWTs signed with config.authSecret (audience
 * `shuoshi:api`, distinct from the live-room join tokens' `shuoshi:room`), and the
 * opaque random tokens (refresh, device) that are stored only as sha256.
 */
const ISSUER = 'shuoshi';
const AUDIENCE = 'shuoshi:api';
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
export const PARTY_TOKEN_TTL_SECONDS = 4 * 3600;
/** Device credentials carry this prefix so the auth hook tells them from JWTs without a database trip. */
export const DEVICE_TOKEN_PREFIX = 'shd_';

/** The HMAC key, imported once per secret (a raw Uint8Array would be re-imported on every sign and verify). */
const keys = new Map<string, Promise<webcrypto.CryptoKey>>();
const key = (secret: string) => {
  let k = keys.get(secret);
  if (!k) {
    k = webcrypto.subtle.importKey('raw', new TextEncoder().encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keys.set(secret, k);
  }
  return k;
};

export async function issueAccessToken(secret: string, p: StaffPrincipal, ttlSeconds = ACCESS_TOKEN_TTL_SECONDS, credentialsVersion = 0): Promise<{ token: string; expiresAt: Date }> {
  return sign(secret, p.id, { typ: 'access', role: p.role, cty: p.countyId, twp: p.townshipId, vil: p.villageId, trm: p.talkRoomId, name: p.name, cv: credentialsVersion }, ttlSeconds);
}

/** The account's credentials version an access token was issued under (checked by assertStanding); call on a verified token only. */
export function credentialsVersionOf(token: string): number {
  const cv = decodeJwt(token).cv;
  return typeof cv === 'number' && Number.isInteger(cv) ? cv : 0;
}

export async function issuePartyToken(secret: string, p: PartyPrincipal, ttlSeconds = PARTY_TOKEN_TTL_SECONDS): Promise<{ token: string; expiresAt: Date }> {
  return sign(secret, p.id, { typ: 'party', sid: p.sessionId, name: p.name }, ttlSeconds);
}

/** An HS256 API token for `subject` with these claims, valid for ttlSeconds. */
async function sign(secret: string, subject: string, claims: Record<string, unknown>, ttlSeconds: number): Promise<{ token: string; expiresAt: Date }> {
  const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(await key(secret));
  return { token, expiresAt: new Date(exp * 1000) };
}

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const ROLES = new Set(['VILLAGE_OPERATOR', 'TOWNSHIP_MEDIATOR', 'COUNTY_LEGAL_ADVISOR', 'COUNTY_ADMIN']);

/** A staff or party principal from a JWT; 401 TOKEN_EXPIRED / TOKEN_INVALID otherwise. */
export async function verifyApiToken(secret: string, token: string): Promise<StaffPrincipal | PartyPrincipal> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, await key(secret), { issuer: ISSUER, audience: AUDIENCE, algorithms: ['HS256'] }));
  } catch (err) {
    if (err instanceof joseErrors.JWTExpired) throw authError(AuthCode.TokenExpired, 'token expired: refresh it or sign in again');
    throw authError(AuthCode.TokenInvalid, 'invalid token');
  }
  const sub = payload.sub;
  if (payload.typ === 'access' && sub && typeof payload.role === 'string' && ROLES.has(payload.role) && str(payload.cty)) {
    return {
      kind: 'staff',
      id: sub,
      role: payload.role as StaffPrincipal['role'],
      countyId: str(payload.cty)!,
      townshipId: str(payload.twp),
      villageId: str(payload.vil),
      talkRoomId: str(payload.trm),
      name: str(payload.name) ?? '',
    };
  }
  if (payload.typ === 'party' && sub && str(payload.sid)) return { kind: 'party', id: sub, sessionId: str(payload.sid)!, name: str(payload.name) ?? '' };
  throw authError(AuthCode.TokenInvalid, 'invalid token');
}

/** 32 random bytes, base64url, with an optional prefix. */
export const randomToken = (prefix = '') => `${prefix}${randomBytes(32).toString('base64url')}`;
export const sha256Hex = (s: string) => createHash('sha256').update(s).digest('hex');

export function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
