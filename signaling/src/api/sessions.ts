import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createInviteCode } from '../auth/invite-codes';
import type { ApiDeps } from '../domain/context';
import { endSession, getSession, joinSession, listMySessions, scheduleSession, startSession } from '../domain/sessions';
import { allow, ctxOf } from '../plugins/authenticate';
import { DateTime, Errors, IdParams, PageOf, PageQuery, Uuid, iso } from './schemas';
import { InviteCodeView, JoinTokenView, SessionView } from '@shuoshi/protocol';
import { sessionView, sessionViewFor } from './views/session';

const Invitees = {
  talkRoomIds: Type.Optional(Type.Array(Uuid, { maxItems: 10 })),
  partyIds: Type.Optional(Type.Array(Uuid, { maxItems: 20, description: 'parties joining from their own phones (they get invite codes)' })),
  staffIds: Type.Optional(Type.Array(Uuid, { maxItems: 10, description: 'e.g. a county legal advisor' })),
  scheduledAt: Type.Optional(DateTime),
};
const ScheduleBody = Type.Union([
  Type.Object({ kind: Type.Literal('MEDIATION'), caseId: Uuid, ...Invitees }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('CONSULTATION'), consultationId: Uuid, ...Invitees }, { additionalProperties: false }),
]);

/** /api/sessions: schedule, read, my sessions, invite codes, join tokens, start/end. */
export async function sessionRoutes(app: FastifyInstance, { deps }: { deps: ApiDeps }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];

  r.post('/sessions', {
    onRequest: allow('staff'),
    schema: { tags: ['sessions'], summary: 'Schedule a mediation (for a case) or a consultation session, with its invitees', security, body: ScheduleBody, response: { 201: SessionView, ...Errors } },
  }, async (req, reply) => {
    const b = req.body;
    const s = await scheduleSession(ctxOf(deps, req), {
      kind: b.kind,
      caseId: 'caseId' in b ? b.caseId : undefined,
      consultationId: 'consultationId' in b ? b.consultationId : undefined,
      scheduledAt: b.scheduledAt ? new Date(b.scheduledAt) : undefined,
      talkRoomIds: b.talkRoomIds ?? [],
      partyIds: b.partyIds ?? [],
      staffIds: b.staffIds ?? [],
    });
    return reply.status(201).send(sessionView(s));
  });

  r.get('/sessions', {
    onRequest: allow('staff', 'device', 'party'),
    schema: {
      tags: ['sessions'],
      summary: "My sessions: hosted by or inviting me, my device's talk room, or a party's own",
      security,
      querystring: Type.Object({ active: Type.Boolean({ default: true, description: 'only sessions not ended or cancelled' }), ...PageQuery }, { additionalProperties: false }),
      response: { 200: PageOf(SessionView), ...Errors },
    },
  }, async (req) => {
    const { items, total } = await listMySessions(ctxOf(deps, req), req.query);
    return { items: items.map((s) => sessionViewFor(req.principal!, s)), page: req.query.page, pageSize: req.query.pageSize, total };
  });

  r.get('/sessions/:id', {
    onRequest: allow('staff', 'device', 'party'),
    schema: { tags: ['sessions'], summary: 'A session and its invitees', security, params: IdParams, response: { 200: SessionView, ...Errors } },
  }, async (req) => sessionViewFor(req.principal!, await getSession(ctxOf(deps, req), req.params.id)));

  r.post('/sessions/:id/invite-codes', {
    onRequest: allow('staff'),
    schema: {
      tags: ['sessions'],
      summary: 'A 6-digit code for an invited party to join from their phone (replaces their earlier codes; shown once)',
      security,
      params: IdParams,
      body: Type.Object({ partyId: Uuid, ttlMinutes: Type.Optional(Type.Integer({ minimum: 5, maximum: 24 * 60 })) }, { additionalProperties: false }),
      response: { 201: InviteCodeView, ...Errors },
    },
  }, async (req, reply) => {
    const c = await createInviteCode(ctxOf(deps, req), req.params.id, req.body);
    return reply.status(201).send({ ...c, expiresAt: iso(c.expiresAt) });
  });

  r.post('/sessions/:id/join-token', {
    onRequest: allow('staff', 'device', 'party'),
    schema: { tags: ['sessions'], summary: 'A live-room join token for the host or an invitee (staff, talk-room device, party)', security, params: IdParams, response: { 200: JoinTokenView, ...Errors } },
  }, async (req) => {
    const j = await joinSession(ctxOf(deps, req), req.params.id);
    return { ...j, expiresAt: iso(j.expiresAt) };
  });

  for (const what of ['start', 'end'] as const) {
    r.post(`/sessions/:id/${what}`, {
      onRequest: allow('staff'),
      schema: { tags: ['sessions'], summary: what === 'start' ? 'Mark the session started' : 'Mark the session ended', security, params: IdParams, response: { 200: SessionView, ...Errors } },
    }, async (req) => sessionView(await (what === 'start' ? startSession : endSession)(ctxOf(deps, req), req.params.id)));
  }
}
