import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';
import { authenticateDevice } from '../auth/devices';
import type { Principal, PrincipalKind } from '../auth/principal';
import { assertStanding } from '../auth/standing';
import { DEVICE_TOKEN_PREFIX, credentialsVersionOf, verifyApiToken } from '../auth/tokens';
import type { ApiDeps, Ctx } from '../domain/context';
import { AuthCode, DenyCode, authError, denied } from '../domain/errors';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling (null: no credential). Set by the API's onRequest hook. */
    principal: Principal | null;
  }
}

/**
 * Reads `Authorization: Bearer <token>` on every API request, before the body is
 * parsed or validated: a JWT (staff or party) or a device credential (`shd_…`).
 * A bad credential is a 401 even on public routes, so clients learn early; so is
 * the token of a staff account disabled since it was issued (auth/standing.ts).
 */
export function installAuthentication(app: FastifyInstance, deps: ApiDeps): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req: FastifyRequest) => {
    const header = req.headers.authorization;
    if (!header) return;
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw authError(AuthCode.TokenInvalid, 'use "Authorization: Bearer <token>"');
    const token = m[1]!;
    const p = token.startsWith(DEVICE_TOKEN_PREFIX) ? await authenticateDevice(deps.prisma, token, deps.now()) : await verifyApiToken(deps.authSecret, token);
    // a staff access token outlives a disable or a password reset by up to 15 minutes: the account is checked now
    if (p.kind === 'staff') await assertStanding(deps.prisma, { ...p, credentialsVersion: credentialsVersionOf(token) });
    req.principal = p;
  });
}

/** Route guard: a credential of one of these kinds (401 without one, 403 ROLE_NOT_ALLOWED for another kind). */
export function allow(...kinds: PrincipalKind[]): onRequestHookHandler {
  return async (req: FastifyRequest, _reply: FastifyReply) => {
    const p = req.principal;
    if (!p) throw authError(AuthCode.Required, 'sign in first (Authorization: Bearer <token>)');
    if (!kinds.includes(p.kind)) throw denied(DenyCode.RoleNotAllowed, `not available to a ${p.kind}`);
  };
}

/** The request's context for the domain services (after `allow`, the principal is set). */
export function ctxOf(deps: ApiDeps, req: FastifyRequest): Ctx {
  if (!req.principal) throw authError(AuthCode.Required, 'sign in first');
  return { deps, actor: req.principal, ip: req.ip };
}
