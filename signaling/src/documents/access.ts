import crypto from 'node:crypto';
import { Role, type Role as RoleName } from '@shuoshi/protocol';
import { Value } from '@sinclair/typebox/value';

/**
 * Document access for live-room participants: the `url` of a `docShown` carries an
 * HMAC-signed grant naming the document, the room, the peer it was sent to and its
 * role, valid for a short while. Only people the document was shown to get one, so the
 * download needs no account (villagers in a talk room have none).
 */
export interface DocGrant {
  documentId: string;
  roomId: string;
  peerId: string;
  role: RoleName;
  /** Seconds since the epoch. */
  exp: number;
}

export const DOC_GRANT_TTL_S = 30 * 60;

const keyOf = (secret: string) => crypto.createHash('sha256').update(`shuoshi:doc-grant:${secret}`).digest();
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export function signDocGrant(secret: string, g: Omit<DocGrant, 'exp'>, nowMs = Date.now(), ttlS = DOC_GRANT_TTL_S): string {
  const body = b64(JSON.stringify({ d: g.documentId, r: g.roomId, p: g.peerId, o: g.role, e: Math.floor(nowMs / 1000) + ttlS }));
  return `${body}.${b64(crypto.createHmac('sha256', keyOf(secret)).update(body).digest())}`;
}

/** The grant, or null when forged, malformed or expired. */
export function verifyDocGrant(secret: string, token: string, nowMs = Date.now()): DocGrant | null {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return null;
  const want = crypto.createHmac('sha256', keyOf(secret)).update(body).digest();
  const got = Buffer.from(sig, 'base64url');
  if (got.length !== want.length || !crypto.timingSafeEqual(got, want)) return null;
  let v: { d?: unknown; r?: unknown; p?: unknown; o?: unknown; e?: unknown };
  try {
    v = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof v.d !== 'string' || typeof v.r !== 'string' || typeof v.p !== 'string' || !Value.Check(Role, v.o) || typeof v.e !== 'number') return null;
  if (v.e * 1000 < nowMs) return null;
  return { documentId: v.d, roomId: v.r, peerId: v.p, role: v.o, exp: v.e };
}

/** The download address a participant gets in `docShown`. */
export function docGrantUrl(secret: string, documentId: string, to: Omit<DocGrant, 'exp' | 'documentId'>): string {
  return `/api/documents/${encodeURIComponent(documentId)}/content?access=${signDocGrant(secret, { ...to, documentId })}`;
}
