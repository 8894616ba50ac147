import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiClient, StaffAuth, type StoredSession } from '../api/client';
import { endpoints, type Endpoints } from '../api/endpoints';
import type { StaffIdentity, TokenPair } from '../api/types';

interface Auth {
  staff: StaffIdentity | null;
  api: ApiClient;
  ep: Endpoints;
  signIn(username: string, password: string): Promise<StaffIdentity>;
  signOut(): Promise<void>;
  /** A current access token for a socket's handshake (refreshed first when it expires within a minute). */
  accessToken(): Promise<string>;
}
const AuthContext = createContext<Auth | null>(null);

/** The staff sign-in of this browser (tokens in localStorage, refreshed on expiry). */
export function AuthProvider({ children }: { children: ReactNode }) {
  const store = useMemo(() => new StaffAuth(), []);
  const [session, setSession] = useState<StoredSession | null>(store.current);
  useEffect(() => store.onChange(setSession), [store]);
  const value = useMemo<Auth>(() => {
    const api = new ApiClient(store);
    return {
      staff: session?.staff ?? null,
      api,
      ep: endpoints(api),
      async signIn(username, password) {
        const pair = await api.request<TokenPair>('POST', '/auth/login', { body: { username, password }, anonymous: true });
        store.set(pair);
        return pair.staff;
      },
      async accessToken() {
        const s = store.current;
        if (s && Date.parse(s.accessTokenExpiresAt) - Date.now() < 60_000) await store.refresh();
        return store.current?.accessToken ?? '';
      },
      async signOut() {
        const refreshToken = store.current?.refreshToken;
        store.set(null);
        if (refreshToken) await api.request('POST', '/auth/logout', { body: { refreshToken }, anonymous: true }).catch(() => undefined);
      },
    };
  }, [store, session]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

/** The sign-in context; throws outside its provider. */
export function useAuth(): Auth {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error('useAuth must be used inside <AuthProvider>');
  return ctx;
}
