import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { ApiDeps } from '../domain/context';
import { listFollowUps, recordFollowUp, recordOutcome, signAgreement } from '../domain/outcomes';
import { allow, ctxOf } from '../plugins/authenticate';
import { Errors, FollowUpResult, IdParams, PageOf, PageQuery, StringEnum, Text, Uuid } from './schemas';
import { FollowUpListItem, FollowUpView, OutcomeView, SignedOutcomeView } from '@shuoshi/protocol';
import { followUpView, outcomeView } from './views/case';

const sessionId = Type.Optional(Uuid);
const OutcomeBody = Type.Union([
  Type.Object({ type: Type.Literal('WRITTEN_AGREEMENT'), terms: Text(5000), sessionId }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('VERBAL_AGREEMENT'), verbalContent: Text(5000), sessionId }, { additionalProperties: false }),
  Type.Object({ type: Type.Union([Type.Literal('FAILED'), Type.Literal('REFERRED')]), reason: Text(1000), sessionId }, { additionalProperties: false }),
]);

/** Outcomes (调解结果), signatures, and follow-ups (回访). */
export async function outcomeRoutes(app: FastifyInstance, { deps }: { deps: ApiDeps }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];
  const staff = allow('staff');

  r.post('/cases/:id/outcomes', {
    onRequest: staff,
    schema: {
      tags: ['outcomes'],
      summary: 'Record an outcome while the case is IN_MEDIATION: written agreement (terms), verbal agreement (content), failed or referred (reason)',
      security,
      params: IdParams,
      body: OutcomeBody,
      response: { 201: OutcomeView, ...Errors },
    },
  }, async (req, reply) => reply.status(201).send(outcomeView(await recordOutcome(ctxOf(deps, req), req.params.id, req.body))));

  r.post('/outcomes/:id/signatures', {
    onRequest: staff,
    schema: {
      tags: ['outcomes'],
      summary: "A party's signature on a written agreement; the last one makes it signed (司法确认 deadline +30 days, 回访 due +30 days)",
      security,
      params: IdParams,
      body: Type.Object(
        { partyId: Uuid, image: Type.String({ minLength: 8, maxLength: 700_000, description: 'PNG or JPEG, base64 (a data: URL prefix is accepted), ≤ 512 KiB' }) },
        { additionalProperties: false },
      ),
      response: {
        201: SignedOutcomeView,
        ...Errors,
      },
    },
  }, async (req, reply) => {
    const { outcome, signers, followUpId } = await signAgreement(ctxOf(deps, req), req.params.id, req.body);
    const signed = new Set(outcome.signatures.map((s) => s.partyId));
    return reply.status(201).send({ outcome: outcomeView(outcome), signed: outcome.signedAt !== null, missingPartyIds: signers.filter((id) => !signed.has(id)), followUpId });
  });

  r.get('/follow-ups', {
    onRequest: staff,
    schema: {
      tags: ['follow-ups'],
      summary: 'Follow-ups (回访) of the cases you may see: open, due within 7 days, overdue, done or all',
      security,
      querystring: Type.Object(
        { state: Type.Optional(StringEnum(['open', 'due', 'overdue', 'done', 'all'], 'default open')), mine: Type.Boolean({ default: false, description: 'only those assigned to me' }), ...PageQuery },
        { additionalProperties: false },
      ),
      response: {
        200: PageOf(FollowUpListItem),
        ...Errors,
      },
    },
  }, async (req) => {
    const q = { ...req.query, state: req.query.state ?? 'open' };
    const { items, total, now } = await listFollowUps(ctxOf(deps, req), q);
    return {
      items: items.map((f) => ({ ...followUpView(f), overdue: !f.doneAt && f.dueAt < now, case: f.case })),
      page: q.page,
      pageSize: q.pageSize,
      total,
    };
  });

  r.post('/follow-ups/:id/result', {
    onRequest: staff,
    schema: {
      tags: ['follow-ups'],
      summary: 'Record the follow-up (回访) result',
      security,
      params: IdParams,
      body: Type.Object({ result: FollowUpResult, notes: Type.Optional(Text(2000)) }, { additionalProperties: false }),
      response: { 200: FollowUpView, ...Errors },
    },
  }, async (req) => followUpView(await recordFollowUp(ctxOf(deps, req), req.params.id, req.body)));
}
