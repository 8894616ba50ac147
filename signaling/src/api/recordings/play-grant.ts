import crypto from 'node:crypto';
import type { onRequestHookHandler } from 'fastify';
import type { StaffPrincipal } from '../../auth/principal';
import { assertStanding } from '../../auth/standing';
import type { ApiDeps } from '../../domain/context';

/**
 * A browser's <video>/<audio> cannot send an Authorization header, so a staff member who
 * may play a recording (POST /api/recordings/:id/play) gets its media address with a
 * short-lived grant: HMAC-signed, naming the one recording and the staff member, valid
 * for PLAY_GRANT_TTL_S. Each request with it is authorised again as that staff member
 * (account still active, still allowed to read the case) and audited as a play, exactly
 * as with a bearer token; the grant only stands in for the header. URLs are logged
 * without it (log-redaction.ts: `access`).
 */
export const PLAY_GRANT_TTL_S = 15 * 60;

const keyOf = (secret: string) => crypto.createHash('sha256').update(`shuoshi:play-grant:${secret}`).digest();
const b64 = (b: Buffer | string) => Buffer.from(b).toString('base64url');

export function signPlayGrant(secret: string, recordingId: string, staff: StaffPrincipal, nowMs = Date.now()): { access: string; expiresAt: Date } {
  const exp = Math.floor(nowMs / 1000) + PLAY_GRANT_TTL_S;
  const body = b64(JSON.stringify({ r: recordingId, s: staff, e: exp }));
  return { access: `${body}.${b64(crypto.createHmac('sha256', keyOf(secret)).update(body).digest())}`, expiresAt: new Date(exp * 1000) };
}

/** The staff member the grant was given to, or null when forged, malformed, expired or for another recording. */
export function verifyPlayGrant(secret: string, token: string, recordingId: string, nowMs = Date.now()): StaffPrincipal | null {
  const [body, sig, extra] = token.split('.');
  if (!body || !sig || extra !== undefined) return null;
  const want = crypto.createHmac('sha256', keyOf(secret)).update(body).digest();
  const got = Buffer.from(sig, 'base64url');
  if (got.length !== want.length || !crypto.timingSafeEqual(got, want)) return null;
  let v: { r?: unknown; s?: Partial<StaffPrincipal>; e?: unknown };
  try {
    v = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (v.r !== recordingId || typeof v.e !== 'number' || v.e * 1000 < nowMs || v.s?.kind !== 'staff' || typeof v.s.id !== 'string') return null;
  return v.s as StaffPrincipal;
}

/**
 * Route hook: without an Authorization header, `?access=<grant>` of this recording
 * stands for its staff member (a disabled account is refused at once). A bad grant is
 * simply no credential: the route's guard answers 401.
 */
export function playGrantAuth(deps: Pick<ApiDeps, 'authSecret' | 'prisma' | 'now'>): onRequestHookHandler {
  return async (req) => {
    if (req.principal) return;
    const access = (req.query as { access?: unknown }).access;
    const id = (req.params as { id?: unknown }).id;
    if (typeof access !== 'string' || typeof id !== 'string' || access.length > 4096) return;
    const staff = verifyPlayGrant(deps.authSecret, access, id, deps.now().getTime());
    if (!staff) return;
    await assertStanding(deps.prisma, staff);
    req.principal = staff;
  };
}
