import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ApiDeps } from '../domain/context';
import { answerConsultation, getConsultation, listConsultations, takeConsultation } from '../domain/consultations';
import { listCallbacks, markCallback, startCallback, takeCallback } from '../domain/callbacks';
import { consultationToCase } from '../domain/consultation-case';
import { abandonConsultation, acceptConsultation, requestConsultation, standingOf } from '../domain/queue';
import { allow, ctxOf } from '../plugins/authenticate';
import { ConsultationStatus, DateTime, DisputeCategory, Errors, IdParams, PageOf, PageQuery, StringEnum, Text, Uuid, iso } from './schemas';
import { AcceptView, CaseMadeView, ConsultationRequestView, ConsultationView, ItemsOf, StandingView } from '@shuoshi/protocol';
import { consultationView } from './views/misc';

const joinView = (j: { sessionId: string; token: string; peerId: string; roomId: string; role: string; expiresAt: Date }) => ({ ...j, expiresAt: iso(j.expiresAt) });

/** /api/consultations: 远程法律咨询 from village talk rooms to county lawyers. */
export async function consultationRoutes(app: FastifyInstance, { deps }: { deps: ApiDeps }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];

  r.get('/consultations', {
    onRequest: allow('staff', 'device'),
    schema: {
      tags: ['consultations'],
      summary: "Lawyers: the county's queue and their own; operators and devices: their talk room's; administrators: all",
      security,
      querystring: Type.Object({ status: Type.Optional(ConsultationStatus), ...PageQuery }, { additionalProperties: false }),
      response: { 200: PageOf(ConsultationView), ...Errors },
    },
  }, async (req) => {
    const { items, total } = await listConsultations(ctxOf(deps, req), req.query);
    return { items: items.map(consultationView), page: req.query.page, pageSize: req.query.pageSize, total };
  });

  r.get('/consultations/:id', {
    onRequest: allow('staff', 'device'),
    schema: { tags: ['consultations'], summary: 'One consultation (audited)', security, params: IdParams, response: { 200: ConsultationView, ...Errors } },
  }, async (req) => consultationView(await getConsultation(ctxOf(deps, req), req.params.id)));

  r.post('/consultations', {
    onRequest: allow('staff', 'device'),
    schema: {
      tags: ['consultations'],
      summary: 'Ask from a village talk room: QUEUED with position and estimated wait, or a call-back time when no lawyer is on duty',
      security,
      body: Type.Object({ talkRoomId: Type.Optional(Uuid), topic: DisputeCategory, question: Type.Optional(Text(2000)), partyId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 201: ConsultationRequestView, ...Errors },
    },
  }, async (req, reply) => {
    const r = await requestConsultation(ctxOf(deps, req), { ...req.body, question: req.body.question ?? '' });
    return reply.status(201).send({ ...consultationView(r.consultation), queue: r.queue, callback: r.callback ? { callbackAt: iso(r.callback.callbackAt), reason: r.callback.reason } : null });
  });

  r.get('/consultations/:id/queue', {
    onRequest: allow('staff', 'device'),
    schema: { tags: ['consultations'], summary: 'Where a waiting request stands (null when it is not waiting)', security, params: IdParams, response: { 200: StandingView, ...Errors } },
  }, async (req) => {
    const q = await getConsultation(ctxOf(deps, req), req.params.id);
    return { status: q.status, queue: q.status === 'QUEUED' ? await standingOf(deps, q.countyId, q.id) : null };
  });

  r.post('/consultations/:id/accept', {
    onRequest: allow('staff'),
    schema: {
      tags: ['consultations'],
      summary: 'An on-duty lawyer accepts from the queue (first wins; others 409 CONSULTATION_TAKEN); the session starts with a join token for the lawyer',
      security,
      params: IdParams,
      response: { 200: AcceptView, ...Errors },
    },
  }, async (req) => {
    const r = await acceptConsultation(ctxOf(deps, req), req.params.id);
    return { consultation: consultationView(r.consultation), join: joinView(r.join) };
  });

  r.post('/consultations/:id/abandon', {
    onRequest: allow('staff', 'device'),
    schema: { tags: ['consultations'], summary: 'The talk room gives up a waiting request (ABANDONED)', security, params: IdParams, response: { 200: ConsultationView, ...Errors } },
  }, async (req) => consultationView(await abandonConsultation(ctxOf(deps, req), req.params.id)));

  r.get('/consultations/callbacks', {
    onRequest: allow('staff'),
    schema: {
      tags: ['consultations'],
      summary: "Lawyers: call-backs to make, soonest first: their own and (unless mine=true) the county's untaken ones",
      security,
      querystring: Type.Object({ mine: Type.Boolean({ default: false }) }, { additionalProperties: false }),
      response: { 200: ItemsOf(ConsultationView), ...Errors },
    },
  }, async (req) => ({ items: (await listCallbacks(ctxOf(deps, req), req.query)).map(consultationView) }));

  r.post('/consultations/:id/callback/take', {
    onRequest: allow('staff'),
    schema: { tags: ['consultations'], summary: 'A lawyer takes an untaken call-back', security, params: IdParams, response: { 200: ConsultationView, ...Errors } },
  }, async (req) => consultationView(await takeCallback(ctxOf(deps, req), req.params.id)));

  r.post('/consultations/:id/callback/start', {
    onRequest: allow('staff'),
    schema: { tags: ['consultations'], summary: 'Start a call-back: the session, a join token for the lawyer, one pushed to the talk room', security, params: IdParams, response: { 200: AcceptView, ...Errors } },
  }, async (req) => {
    const r = await startCallback(ctxOf(deps, req), req.params.id);
    return { consultation: consultationView(r.consultation), join: joinView(r.join) };
  });

  r.post('/consultations/:id/callback/outcome', {
    onRequest: allow('staff'),
    schema: {
      tags: ['consultations'],
      summary: 'Mark a call-back kept or missed (once)',
      security,
      params: IdParams,
      body: Type.Object({ kept: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: ConsultationView, ...Errors },
    },
  }, async (req) => consultationView(await markCallback(ctxOf(deps, req), req.params.id, req.body.kept)));

  r.post('/consultations/:id/case', {
    onRequest: allow('staff'),
    schema: {
      tags: ['consultations'],
      summary: "Turn an answered consultation into a case of the talk room's village (to=CASE) or refer it to the township's mediators (to=TOWNSHIP); the record becomes the case description",
      security,
      params: IdParams,
      body: Type.Object({ to: StringEnum(['CASE', 'TOWNSHIP']), description: Type.Optional(Text(2000)) }, { additionalProperties: false }),
      response: { 201: CaseMadeView, ...Errors },
    },
  }, async (req, reply) => {
    const c = await consultationToCase(ctxOf(deps, req), req.params.id, req.body);
    return reply.status(201).send({ caseId: c.id, caseNumber: c.caseNumber, handlingLevel: c.handlingLevel });
  });

  r.post('/consultations/:id/take', {
    onRequest: allow('staff'),
    schema: {
      tags: ['consultations'],
      summary: 'A lawyer takes a queued consultation, now or as a call-back',
      security,
      params: IdParams,
      body: Type.Object({ callbackAt: Type.Optional(DateTime) }, { additionalProperties: false }),
      response: { 200: ConsultationView, ...Errors },
    },
  }, async (req) => consultationView(await takeConsultation(ctxOf(deps, req), req.params.id, req.body.callbackAt ? new Date(req.body.callbackAt) : undefined)));

  r.post('/consultations/:id/answer', {
    onRequest: allow('staff'),
    schema: {
      tags: ['consultations'],
      summary: 'The lawyer records the answer',
      security,
      params: IdParams,
      body: Type.Object({ questionSummary: Text(1000), advice: Text(5000), shouldBecomeCase: Type.Boolean(), category: Type.Optional(DisputeCategory) }, { additionalProperties: false }),
      response: { 200: ConsultationView, ...Errors },
    },
  }, async (req) => consultationView(await answerConsultation(ctxOf(deps, req), req.params.id, req.body)));
}
