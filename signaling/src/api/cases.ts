import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ApiDeps } from '../domain/context';
import { getCase, listCases, openCase, referCase, transitionCase } from '../domain/cases';
import { createParty, lookUpParty } from '../domain/parties';
import { periodBounds } from '../domain/period';
import { allow, ctxOf } from '../plugins/authenticate';
import {
  CaseStatus, DateOnly, DisputeCategory, Errors, HandlingLevel, IdParams, IntakeChannel, PageOf, PageQuery, PartySide, Text, Uuid,
} from './schemas';
import { CaseDetail, CaseSummary, PartyView, ReferralView, caseDetail, caseSummary, partyView, referralView } from './views/case';
import { NewPartyBody } from '@shuoshi/protocol';

const IdNumber = Type.String({ minLength: 15, maxLength: 24, description: '居民身份证号码 (18 characters); stored only masked and as a keyed hash' });

/** /api/cases (list, read, intake, transitions, referrals) and /api/parties. */
export async function caseRoutes(app: FastifyInstance, { deps }: { deps: ApiDeps }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];
  const staff = allow('staff');

  r.get('/cases', {
    onRequest: staff,
    schema: {
      tags: ['cases'],
      summary: 'Cases you may see, newest first (audited)',
      security,
      querystring: Type.Object(
        {
          status: Type.Optional(Type.Array(CaseStatus, { description: 'repeat for several: ?status=ACCEPTED&status=IN_MEDIATION' })),
          open: Type.Optional(Type.Boolean({ description: 'only cases not CLOSED' })),
          category: Type.Optional(DisputeCategory),
          townshipId: Type.Optional(Uuid),
          villageId: Type.Optional(Uuid),
          level: Type.Optional(HandlingLevel),
          from: Type.Optional(DateOnly),
          to: Type.Optional(DateOnly),
          q: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'part of the case number or description' })),
          ...PageQuery,
        },
        { additionalProperties: false },
      ),
      response: { 200: PageOf(CaseSummary), ...Errors },
    },
  }, async (req) => {
    const q = req.query;
    const { from, to } = periodBounds(q.from, q.to);
    const { items, total } = await listCases(ctxOf(deps, req), { ...q, from, to });
    return { items: items.map(caseSummary), page: q.page, pageSize: q.pageSize, total };
  });

  r.get('/cases/:id', {
    onRequest: staff,
    schema: { tags: ['cases'], summary: 'A case with its parties, timeline, referrals, sessions, outcomes and follow-ups (audited)', security, params: IdParams, response: { 200: CaseDetail, ...Errors } },
  }, async (req) => caseDetail(await getCase(ctxOf(deps, req), req.params.id)));

  r.post('/cases', {
    onRequest: staff,
    schema: {
      tags: ['cases'],
      summary: '受理: open a case (operators default to their village, mediators to their township)',
      security,
      body: Type.Object(
        {
          villageId: Type.Optional(Uuid),
          townshipId: Type.Optional(Uuid),
          category: DisputeCategory,
          intakeChannel: IntakeChannel,
          description: Text(2000),
          parties: Type.Array(Type.Object({ partyId: Uuid, side: PartySide, note: Type.Optional(Text(100)) }, { additionalProperties: false }), { minItems: 1, maxItems: 20 }),
        },
        { additionalProperties: false },
      ),
      response: { 201: CaseSummary, ...Errors },
    },
  }, async (req, reply) => reply.status(201).send(caseSummary(await openCase(ctxOf(deps, req), req.body))));

  r.post('/cases/:id/transitions', {
    onRequest: staff,
    schema: {
      tags: ['cases'],
      summary: 'Move the case one step: ACCEPTED → IN_MEDIATION → OUTCOME_GIVEN → FOLLOWED_UP → CLOSED',
      security,
      params: IdParams,
      body: Type.Object({ to: CaseStatus, note: Type.Optional(Text(500)) }, { additionalProperties: false }),
      response: { 200: CaseSummary, ...Errors },
    },
  }, async (req) => caseSummary(await transitionCase(ctxOf(deps, req), req.params.id, req.body.to, req.body.note)));

  r.post('/cases/:id/referrals', {
    onRequest: staff,
    schema: {
      tags: ['cases'],
      summary: '转办/上报: refer the case one level up or down (history kept)',
      security,
      params: IdParams,
      body: Type.Object({ toLevel: HandlingLevel, toTownshipId: Type.Optional(Uuid), toVillageId: Type.Optional(Uuid), reason: Text(500) }, { additionalProperties: false }),
      response: { 201: ReferralView, ...Errors },
    },
  }, async (req, reply) => reply.status(201).send(referralView(await referCase(ctxOf(deps, req), req.params.id, req.body))));

  r.post('/parties', {
    onRequest: staff,
    schema: {
      tags: ['parties'],
      summary: 'Register a party (当事人); the ID number is kept masked and as a keyed hash only',
      security,
      body: NewPartyBody,
      response: { 201: PartyView, ...Errors },
    },
  }, async (req, reply) => reply.status(201).send(partyView(await createParty(ctxOf(deps, req), req.body))));

  r.post('/parties/lookup', {
    onRequest: staff,
    schema: {
      tags: ['parties'],
      summary: 'Find a party by ID number (POST keeps the number out of URLs and logs; audited)',
      security,
      body: Type.Object({ idNumber: IdNumber }, { additionalProperties: false }),
      response: { 200: PartyView, ...Errors },
    },
  }, async (req) => partyView(await lookUpParty(ctxOf(deps, req), req.body.idNumber)));
}
