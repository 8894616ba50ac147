import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, StaffAuth, queryString, tokenCredential } from './client';
import type { TokenPair } from './types';

class MemoryStorage {
  private m = new Map<string, string>();
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.m.set(k, v);
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
}
const storage = () => new MemoryStorage() as unknown as Storage;
const pair = (n: number): TokenPair => ({
  accessToken: `access-${n}`,
  accessTokenExpiresAt: new Date().toISOString(),
  refreshToken: `refresh-${n}`,
  refreshTokenExpiresAt: new Date().toISOString(),
  staff: { id: 's', displayName: '李明', role: 'TOWNSHIP_MEDIATOR', countyId: 'c', townshipId: 't', villageId: null, talkRoomId: null },
});
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

afterEach(() => vi.unstubAllGlobals());

describe('queryString', () => {
  it('skips empty values and repeats arrays', () => {
    expect(queryString({ a: 1, b: '', c: undefined, d: null, s: ['ACCEPTED', 'CLOSED'], open: true })).toBe('?a=1&s=ACCEPTED&s=CLOSED&open=true');
    expect(queryString({})).toBe('');
  });
});

describe('ApiClient with a staff sign-in', () => {
  it('refreshes once on a 401, rotates the stored tokens and retries the request', async () => {
    const auth = new StaffAuth(storage());
    auth.set(pair(1));
    const calls: string[] = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      const bearer = (init.headers as Record<string, string>).authorization ?? '';
      calls.push(`${url} ${bearer}`);
      if (url === '/api/auth/refresh') {
        expect(JSON.parse(init.body as string)).toEqual({ refreshToken: 'refresh-1' });
        return json(200, pair(2));
      }
      return bearer === 'Bearer access-2' ? json(200, { ok: true }) : json(401, { error: { code: 'TOKEN_EXPIRED', message: 'expired' } });
    });
    const api = new ApiClient(auth);
    // two requests at once share one refresh (a second refresh with the same token would be a replay)
    const [a, b] = await Promise.all([api.get('/cases'), api.get('/organisation')]);
    expect(a).toEqual({ ok: true });
    expect(b).toEqual({ ok: true });
    expect(calls.filter((c) => c.startsWith('/api/auth/refresh'))).toHaveLength(1);
    expect(auth.current?.refreshToken).toBe('refresh-2');
  });

  it('signs out when the refresh is refused, and reports the original error', async () => {
    const auth = new StaffAuth(storage());
    auth.set(pair(1));
    const changes: unknown[] = [];
    auth.onChange((s) => changes.push(s));
    vi.stubGlobal('fetch', async (url: string) =>
      url === '/api/auth/refresh' ? json(401, { error: { code: 'REFRESH_TOKEN_REUSED', message: 'reused' } }) : json(401, { error: { code: 'TOKEN_EXPIRED', message: 'expired' } }),
    );
    const err = await new ApiClient(auth).get('/cases').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'TOKEN_EXPIRED', status: 401 });
    expect(auth.current).toBeNull();
    expect(changes).toEqual([null]);
  });

  it('turns a refused request into {code, message} and a failed fetch into NETWORK', async () => {
    vi.stubGlobal('fetch', async () => json(409, { error: { code: 'INVALID_TRANSITION', message: 'no', details: { allowed: ['IN_MEDIATION'] } } }));
    await expect(new ApiClient({ token: 'shd_x' }).post('/cases/1/transitions', { to: 'CLOSED' })).rejects.toMatchObject({ code: 'INVALID_TRANSITION', status: 409, details: { allowed: ['IN_MEDIATION'] } });
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(new ApiClient(null).get('/organisation')).rejects.toMatchObject({ code: 'NETWORK', status: 0 });
  });
});

describe('ApiClient with a fixed credential (a talk-room device, a party)', () => {
  it('sends the token, does not try to refresh on a 401, and a file body goes as it is with its type', async () => {
    const calls: Array<{ url: string; init: RequestInit }> = [];
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return calls.length === 1 ? json(401, { error: { code: 'UNAUTHENTICATED', message: 'revoked' } }) : json(201, { id: 'd1' });
    });
    const api = new ApiClient(tokenCredential('shd_device'));
    await expect(api.get('/sessions')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(calls).toHaveLength(1);
    const file = new Blob(['%PDF-1.7'], { type: 'application/pdf' });
    await expect(api.request('POST', '/sessions/s1/documents', { query: { name: '协议 1.pdf' }, body: file })).resolves.toEqual({ id: 'd1' });
    expect(calls[1]!.url).toBe('/api/sessions/s1/documents?name=%E5%8D%8F%E8%AE%AE+1.pdf');
    expect(calls[1]!.init.body).toBe(file);
    expect(calls[1]!.init.headers).toEqual({ authorization: 'Bearer shd_device', 'content-type': 'application/pdf' });
  });
});
