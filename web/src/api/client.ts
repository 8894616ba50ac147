import { tokenCredential, type Credential } from './credential';

export { StaffAuth, type StoredSession } from './staff-auth';
export { tokenCredential, type Credential } from './credential';

/** A refused or failed request: the server's stable code and message (or NETWORK / HTTP_<status>). */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | boolean | undefined | null | Array<string>>;

/** Builds `?a=1&b=x&b=y` from a query object (skips empty values, repeats arrays). */
export function queryString(q: Query | undefined): string {
  if (!q) return '';
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const x of v) p.append(k, x);
    else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `?${s}` : '';
}

export interface RequestOptions {
  query?: Query;
  /** JSON, or a file sent as it is with its own type (a document upload). */
  body?: unknown;
  /** Send no credential (sign-in, invite code). */
  anonymous?: boolean;
}

/**
 * The one client of /api: every screen (console, lawyer, kiosk, room, party) calls through it
 * with its credential — a staff sign-in (refreshed once on a 401), a device's or a party's fixed
 * token, or none — and every refusal becomes an ApiError.
 */
export class ApiClient {
  private readonly credential: Credential | null;

  constructor(credential: Credential | { token: string } | null) {
    this.credential = credential === null ? null : 'bearer' in credential ? credential : tokenCredential(credential.token);
  }

  async request<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, opts);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  /** A binary download (e.g. an agreement PDF) with the same credential and error handling. */
  async blob(path: string): Promise<Blob> {
    return (await this.send('GET', path, {})).blob();
  }

  /** Sends with the credential, refreshing a staff sign-in once on a 401; a refusal becomes an ApiError. */
  private async send(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, opts: RequestOptions): Promise<Response> {
    const attempt = async () => {
      const headers: Record<string, string> = {};
      const token = opts.anonymous ? null : (this.credential?.bearer() ?? null);
      if (token) headers.authorization = `Bearer ${token}`;
      const file = typeof Blob !== 'undefined' && opts.body instanceof Blob ? opts.body : null;
      if (file) headers['content-type'] = file.type || 'application/octet-stream';
      else if (opts.body !== undefined) headers['content-type'] = 'application/json';
      try {
        return await fetch(`/api${path}${queryString(opts.query)}`, { method, headers, body: file ?? (opts.body === undefined ? undefined : JSON.stringify(opts.body)) });
      } catch (err) {
        throw new ApiError('NETWORK', err instanceof Error ? err.message : String(err), 0);
      }
    };
    let res = await attempt();
    if (res.status === 401 && !opts.anonymous && this.credential?.refresh && this.credential.bearer()) {
      if (await this.credential.refresh()) res = await attempt();
    }
    if (!res.ok) {
      const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string; details?: unknown } } | null;
      const e = body?.error;
      throw new ApiError(e?.code ?? `HTTP_${res.status}`, e?.message ?? res.statusText, res.status, e?.details);
    }
    return res;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, { body });
  }

  patch<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PATCH', path, { body });
  }

  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path);
  }
}
