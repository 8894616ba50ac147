import crypto from 'node:crypto';
import type { IceServer } from '@shuoshi/protocol';

/**
 * TURN credentials for coturn's `use-auth-secret` (the "TURN REST API" scheme):
 * username = `<expiry unix seconds>:<peer id>`, password = base64(HMAC-SHA1(secret, username)).
 * coturn recomputes the HMAC and refuses the credential after the expiry.
 */
export function turnIceServers(
  turn: { urls: string[]; secret: string } | undefined,
  peerId: string,
  ttlSeconds = 12 * 3600,
  now = Date.now(),
): IceServer[] {
  if (!turn) return [];
  const username = `${Math.floor(now / 1000) + ttlSeconds}:${peerId}`;
  const credential = crypto.createHmac('sha1', turn.secret).update(username).digest('base64');
  return [{ urls: turn.urls, username, credential }];
}
