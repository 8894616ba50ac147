import type { StaffIdentity, TokenPair } from './types';
import type { Credential } from './credential';

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
export class StaffAuth implements Credential {
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

  bearer(): string | null {
    return this.session?.accessToken ?? null;
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
