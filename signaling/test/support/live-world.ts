import { issueAccessToken } from '../../src/auth/tokens';
import { staffPrincipal } from '../../src/auth/staff-sign-in';
import { seedFixture, type Fixture, type StaffKey } from '../api/fixture';
import { startTestServer, type TestServer } from './test-server';

/** A real server with the API tests' organisation, REST calls and staff access tokens. */
export interface LiveWorld {
  server: TestServer;
  org: Fixture;
  token(key: StaffKey): Promise<string>;
  rest(method: string, url: string, auth?: string, body?: unknown): Promise<{ status: number; body: any }>;
}

export async function liveWorld(server: TestServer, org?: Fixture): Promise<LiveWorld> {
  const o = org ?? (await seedFixture(server.db.prisma));
  return {
    server,
    org: o,
    token: async (key) => (await issueAccessToken(server.config.authSecret, staffPrincipal(o.staff[key]))).token,
    rest: async (method, url, auth, body) => {
      const res = await fetch(`${server.url}${url}`, {
        method,
        headers: { ...(auth ? { authorization: `Bearer ${auth}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      return { status: res.status, body: (await res.json().catch(() => null)) as any };
    },
  };
}

export async function startLiveWorld(opts: Parameters<typeof startTestServer>[0] = {}): Promise<LiveWorld> {
  return liveWorld(await startTestServer(opts));
}

/**
 * A mediation session of a new case in 东坪村 hosted by operator1 (the host), inviting
 * parties p1 and p2; p1 has exchanged an invite code (party token and join token).
 */
export async function mediationWithParty(w: LiveWorld) {
  const op = await w.token('operator1');
  const c = await w.rest('POST', '/api/cases', op, {
    category: 'MARRIAGE_FAMILY',
    intakeChannel: 'WALK_IN',
    description: '赡养费分摊',
    parties: [{ partyId: w.org.parties.p1, side: 'A' }, { partyId: w.org.parties.p2, side: 'B' }],
  });
  if (c.status !== 201) throw new Error(`case: ${JSON.stringify(c.body)}`);
  const s = await w.rest('POST', '/api/sessions', op, { kind: 'MEDIATION', caseId: c.body.id, partyIds: [w.org.parties.p1, w.org.parties.p2] });
  if (s.status !== 201) throw new Error(`session: ${JSON.stringify(s.body)}`);
  const code = await w.rest('POST', `/api/sessions/${s.body.id}/invite-codes`, op, { partyId: w.org.parties.p1 });
  const exchanged = await w.rest('POST', '/api/auth/invite-code', undefined, { sessionId: s.body.id, code: code.body.code });
  if (exchanged.status !== 200) throw new Error(`exchange: ${JSON.stringify(exchanged.body)}`);
  const hostJoin = await w.rest('POST', `/api/sessions/${s.body.id}/join-token`, op);
  return {
    op,
    sessionId: s.body.id as string,
    roomId: s.body.roomId as string,
    hostJoin: hostJoin.body as { token: string; peerId: string },
    party: exchanged.body as { partyToken: string; join: { token: string; peerId: string; roomId: string } },
    /** A fresh invite code for p2 (exchange it to get p2's tokens). */
    codeFor: async (partyId: string) => (await w.rest('POST', `/api/sessions/${s.body.id}/invite-codes`, op, { partyId })).body.code as string,
  };
}

/**
 * A mediation of a new case (宅基地边界) scheduled by mediator1, who hosts it in our web
 * client: parties p1 and p2, the county lawyer invited. Returns the session and the host's join.
 */
export async function mediatorsMediation(w: LiveWorld) {
  const med = await w.token('mediator1');
  const c = await w.rest('POST', '/api/cases', med, {
    category: 'MARRIAGE_FAMILY', intakeChannel: 'WALK_IN', description: '宅基地边界',
    parties: [{ partyId: w.org.parties.p1, side: 'A' }, { partyId: w.org.parties.p2, side: 'B' }],
  });
  if (c.status !== 201) throw new Error(`case: ${JSON.stringify(c.body)}`);
  const s = await w.rest('POST', '/api/sessions', med, { kind: 'MEDIATION', caseId: c.body.id, partyIds: [w.org.parties.p1, w.org.parties.p2], staffIds: [w.org.staff.lawyer.id] });
  if (s.status !== 201) throw new Error(`session: ${JSON.stringify(s.body)}`);
  const hostJoin = (await w.rest('POST', `/api/sessions/${s.body.id}/join-token`, med)).body as { token: string; peerId: string };
  return { med, sessionId: s.body.id as string, roomId: s.body.roomId as string, hostJoin };
}
