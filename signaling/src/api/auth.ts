import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { exchangeInviteCode } from '../auth/invite-codes';
import { LINK_CODE_PATTERN } from '../auth/join-links';
import { refresh, signIn, signOut } from '../auth/staff-sign-in';
import type { ApiDeps } from '../domain/context';
import { allow } from '../plugins/authenticate';
import { Errors, Uuid, iso, isoOrNull } from './schemas';
import { InviteExchangeView, MeView, TokenPair } from '@shuoshi/protocol';
import { meView } from './views/org';

const InviteCodeDigits = Type.String({ pattern: '^[0-9]{6}$', description: '6 digits' });
const RefreshBody = Type.Object({ refreshToken: Type.String({ minLength: 10, maxLength: 200 }) }, { additionalProperties: false });

/** /api/auth: staff sign-in, refresh, sign-out, who am I, and the party's invite-code exchange. */
export async function authRoutes(app: FastifyInstance, { deps }: { deps: ApiDeps }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const client = (req: { ip: string; headers: { 'user-agent'?: string | undefined } }) => ({ ip: req.ip, userAgent: req.headers['user-agent'] });
  const pair = (x: Awaited<ReturnType<typeof signIn>>) => ({
    accessToken: x.access.token,
    accessTokenExpiresAt: iso(x.access.expiresAt),
    refreshToken: x.refresh.token,
    refreshTokenExpiresAt: iso(x.refresh.expiresAt),
    staff: { id: x.principal.id, displayName: x.principal.name, role: x.principal.role, countyId: x.principal.countyId, townshipId: x.principal.townshipId, villageId: x.principal.villageId, talkRoomId: x.principal.talkRoomId },
  });

  r.post('/auth/login', {
    schema: {
      tags: ['auth'],
      summary: 'Staff sign-in with username and password',
      body: Type.Object({ username: Type.String({ minLength: 1, maxLength: 64 }), password: Type.String({ minLength: 1, maxLength: 256 }) }, { additionalProperties: false }),
      response: { 200: TokenPair, ...Errors },
    },
  }, async (req) => pair(await signIn(deps, client(req), req.body.username, req.body.password)));

  r.post('/auth/refresh', {
    schema: { tags: ['auth'], summary: 'Rotate a refresh token (reuse of a used one revokes the sign-in)', body: RefreshBody, response: { 200: TokenPair, ...Errors } },
  }, async (req) => pair(await refresh(deps, client(req), req.body.refreshToken)));

  r.post('/auth/logout', {
    schema: { tags: ['auth'], summary: 'End the sign-in the refresh token belongs to', body: RefreshBody, response: { 204: Type.Null(), ...Errors } },
  }, async (req, reply) => {
    await signOut(deps, client(req), req.body.refreshToken);
    return reply.status(204).send(null);
  });

  r.get('/auth/me', {
    onRequest: allow('staff', 'device', 'party'),
    schema: { tags: ['auth'], summary: 'Who holds this token', security: [{ bearer: [] }], response: { 200: MeView, ...Errors } },
  }, async (req) => meView(req.principal!));

  r.post('/auth/invite-code', {
    schema: {
      tags: ['auth'],
      summary: "Exchange a party's 6-digit invite code for a party token and a live-room join token",
      body: Type.Union([
        Type.Object({ sessionId: Uuid, code: InviteCodeDigits }, { additionalProperties: false }),
        Type.Object({ link: Type.String({ pattern: LINK_CODE_PATTERN, description: "the short link's code, /j/<link> (e.g. KMT-472)" }), code: InviteCodeDigits }, { additionalProperties: false }),
      ]),
      response: {
        200: InviteExchangeView,
        ...Errors,
      },
    },
  }, async (req) => {
    const x = await exchangeInviteCode(deps, req.ip, req.body);
    return {
      partyToken: x.partyToken,
      expiresAt: iso(x.expiresAt),
      party: x.party,
      session: { ...x.session, scheduledAt: isoOrNull(x.session.scheduledAt) },
      join: { ...x.join, expiresAt: iso(x.join.expiresAt) },
    };
  });
}
