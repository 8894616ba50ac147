import type { TokenPair, StaffIdentity } from './types';

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

export interface StoredSession {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  staff: StaffIdentity;
}

const STORAGE_KEY = 'shuoshi.auth';

/**
 * A staff sign-in: the access token for requests and the single-use refresh token.
 * Kept in localStorage so a reload stays signed in; one refresh at a time (a second
 * concurrent refresh with the same token would be a replay and end the sign-in).
 */
export class StaffAuth {
  private session: StoredSession | null;
  private refreshing: Promise<boolean> | null = null;
  private listeners = new Set<(s: StoredSession | null) => void>();

  constructor(private readonly storage: Storage = localStorage) {
    try {
      this.session = JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null') as StoredSession | null;
    } catch {
      this.session = null;
    }
  }

  get current(): StoredSession | null {
    return this.session;
  }

  onChange(fn: (s: StoredSession | null) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  set(pair: TokenPair | null): void {
    this.session = pair ? { accessToken: pair.accessToken, accessTokenExpiresAt: pair.accessTokenExpiresAt, refreshToken: pair.refreshToken, staff: pair.staff } : null;
    if (this.session) this.storage.setItem(STORAGE_KEY, JSON.stringify(this.session));
    else this.storage.removeItem(STORAGE_KEY);
    for (const l of this.listeners) l(this.session);
  }

  /** Rotates the refresh token; false (and signed out) when the server refuses it. */
  refresh(): Promise<boolean> {
    const s = this.session;
    if (!s) return Promise.resolve(false);
    this.refreshing ??= (async () => {
      try {
        const res = await fetch('/api/auth/refresh', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ refreshToken: s.refreshToken }) });
        if (res.ok) {
          this.set((await res.json()) as TokenPair);
          return true;
        }
        if (res.status === 401 || res.status === 403) this.set(null);
        return false;
      } catch {
        return false;
      } finally {
        this.refreshing = null;
      }
    })();
    return this.refreshing;
  }
}

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Send no credential (sign-in, invite code). */
  anonymous?: boolean;
}

/** fetch for /api with a bearer credential: a staff sign-in (refreshed on expiry) or a fixed token (device, party). */
export class ApiClient {
  constructor(private readonly credential: StaffAuth | { token: string } | null) {}

  private bearer(): string | null {
    if (!this.credential) return null;
    return this.credential instanceof StaffAuth ? (this.credential.current?.accessToken ?? null) : this.credential.token;
  }

  async request<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, opts: RequestOptions = {}): Promise<T> {
    const res = await this.send(method, path, opts);
    if (res.status === 204) return undefined as T;
    return (await res.json()) as T;
  }

  /** A binary download (e.g. an agreement PDF) with the same credential and error handling. */
  async blob(path: string): Promise<Blob> {
    return (await this.send('GET', path, {})).blob();
  }

  /** Sends with the credential, refreshing a staff sign-in once on a 401; a refusal becomes an ApiError. */
  private async send(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, opts: RequestOptions): Promise<Response> {
    const attempt = async () => {
      const headers: Record<string, string> = {};
      const token = opts.anonymous ? null : this.bearer();
      if (token) headers.authorization = `Bearer ${token}`;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      try {
        return await fetch(`/api${path}${queryString(opts.query)}`, { method, headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
      } catch (err) {
        throw new ApiError('NETWORK', err instanceof Error ? err.message : String(err), 0);
      }
    };
    let res = await attempt();
    if (res.status === 401 && !opts.anonymous && this.credential instanceof StaffAuth && this.credential.current) {
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
