import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@fastify/type-provider-typebox';
import type { ApiDeps } from '../domain/context';
import { answerConsultation, askConsultation, getConsultation, listConsultations, takeConsultation } from '../domain/consultations';
import { allow, ctxOf } from '../plugins/authenticate';
import { ConsultationStatus, DateTime, DisputeCategory, Errors, IdParams, PageOf, PageQuery, Text, Uuid } from './schemas';
import { ConsultationView, consultationView } from './views/misc';

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
      summary: 'Ask a question from a village talk room (queued for the county lawyers)',
      security,
      body: Type.Object({ talkRoomId: Type.Optional(Uuid), topic: DisputeCategory, question: Text(2000), partyId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 201: ConsultationView, ...Errors },
    },
  }, async (req, reply) => reply.status(201).send(consultationView(await askConsultation(ctxOf(deps, req), req.body))));

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
      body: Type.Object({ questionSummary: Text(1000), advice: Text(5000), shouldBecomeCase: Type.Boolean() }, { additionalProperties: false }),
      response: { 200: ConsultationView, ...Errors },
    },
  }, async (req) => consultationView(await answerConsultation(ctxOf(deps, req), req.params.id, req.body)));
}
