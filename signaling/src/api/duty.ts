import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ApiDeps } from '../domain/context';
import { addSlot, coverage, getDuty, listRoster, onDutyLawyers, removeSlot, setDuty } from '../domain/duty';
import { allow, ctxOf } from '../plugins/authenticate';
import { Clock, CoverageView, DutyView, ItemsOf, OnDutyLawyer, SlotView } from '@shuoshi/protocol';
import { Errors, IdParams, Uuid, isoOrNull, iso } from './schemas';

/** /api/duty: lawyers on and off duty (值班), the weekly roster (值班表) and its coverage. */
export async function dutyRoutes(app: FastifyInstance, { deps }: { deps: ApiDeps }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];

  r.get('/duty', {
    onRequest: allow('staff'),
    schema: { tags: ['duty'], summary: "A lawyer's own duty state", security, response: { 200: DutyView, ...Errors } },
  }, async (req) => {
    const d = await getDuty(ctxOf(deps, req));
    return { onDuty: d.onDuty, changedAt: isoOrNull(d.changedAt) };
  });

  r.post('/duty', {
    onRequest: allow('staff'),
    schema: { tags: ['duty'], summary: 'A lawyer switches on duty (sees the live queue, may accept) or off duty', security, body: Type.Object({ onDuty: Type.Boolean() }, { additionalProperties: false }), response: { 200: DutyView, ...Errors } },
  }, async (req) => {
    const d = await setDuty(ctxOf(deps, req), req.body.onDuty);
    return { onDuty: d.onDuty, changedAt: iso(d.changedAt) };
  });

  r.get('/duty/lawyers', {
    onRequest: allow('staff'),
    schema: {
      tags: ['duty'],
      summary: 'The lawyers of the county on duty now',
      security,
      response: { 200: ItemsOf(OnDutyLawyer), ...Errors },
    },
  }, async (req) => ({ items: (await onDutyLawyers(ctxOf(deps, req))).map((l) => ({ ...l, since: iso(l.since) })) }));

  r.get('/duty/roster', {
    onRequest: allow('staff'),
    schema: {
      tags: ['duty'],
      summary: "The county's weekly duty slots (lawyers and the county administrator)",
      security,
      querystring: Type.Object({ lawyerId: Type.Optional(Uuid) }, { additionalProperties: false }),
      response: { 200: ItemsOf(SlotView), ...Errors },
    },
  }, async (req) => ({ items: await listRoster(ctxOf(deps, req), req.query) }));

  r.post('/duty/roster', {
    onRequest: allow('staff'),
    schema: {
      tags: ['duty'],
      summary: 'Add a weekly slot: a lawyer their own, the administrator anyone’s (409 SLOT_OVERLAP with the same lawyer’s)',
      security,
      body: Type.Object({ lawyerId: Type.Optional(Uuid), weekday: Type.Integer({ minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' }), start: Clock, end: Clock }, { additionalProperties: false }),
      response: { 201: SlotView, ...Errors },
    },
  }, async (req, reply) => reply.status(201).send(await addSlot(ctxOf(deps, req), req.body)));

  r.delete('/duty/roster/:id', {
    onRequest: allow('staff'),
    schema: { tags: ['duty'], summary: 'Remove a slot', security, params: IdParams, response: { 204: Type.Null(), ...Errors } },
  }, async (req, reply) => {
    await removeSlot(ctxOf(deps, req), req.params.id);
    return reply.status(204).send(null);
  });

  r.get('/duty/coverage', {
    onRequest: allow('staff'),
    schema: {
      tags: ['duty'],
      summary: 'The week (7 × 24 h, China time): lawyers rostered for each whole hour, and the gaps nobody covers',
      security,
      response: {
        200: CoverageView,
        ...Errors,
      },
    },
  }, async (req) => coverage(ctxOf(deps, req)));
}
