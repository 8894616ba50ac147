import type { IncomingMessage } from 'node:http';

/**
 * Credentials that ride in URLs (a document grant link's `access=`, tokens, invite
 * codes) never reach a log line: every URL a request log carries goes through
 * redactUrl, which keeps the path and the harmless parameters.
 */
export const SECRET_QUERY_PARAMS: ReadonlySet<string> = new Set([
  'access',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'grant',
  'key',
  'password',
  'secret',
  'signature',
  'sig',
]);
export const REDACTED = '[redacted]';

/** `/api/documents/x/content?access=abc&download=1` → `/api/documents/x/content?access=[redacted]&download=1`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const parts = query.split('&').map((part) => {
    const eq = part.indexOf('=');
    const rawName = eq < 0 ? part : part.slice(0, eq);
    let name: string;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      name = rawName;
    }
    return SECRET_QUERY_PARAMS.has(name.trim().toLowerCase()) ? `${rawName}=${REDACTED}` : part;
  });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

interface LoggedRequest extends Pick<IncomingMessage, 'method' | 'headers'> {
  url?: string | undefined;
  ip?: string | undefined;
  host?: string | undefined;
  socket?: { remotePort?: number | undefined } | null | undefined;
}

/** pino's `req` serializer: Fastify's own fields, with the URL redacted. */
export function requestSerializer(req: LoggedRequest) {
  return {
    method: req.method,
    url: req.url === undefined ? undefined : redactUrl(req.url),
    host: req.host,
    remoteAddress: req.ip,
    remotePort: req.socket?.remotePort,
  };
}
