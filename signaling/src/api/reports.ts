import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { audit, listAudit } from '../domain/audit';
import type { ApiDeps } from '../domain/context';
import { canReadAudit, enforce } from '../domain/policy';
import { periodBounds } from '../domain/period';
import { consultationStats, statistics } from '../domain/statistics';
import { allow, ctxOf } from '../plugins/authenticate';
import { DateOnly, DisputeCategory, Errors, PageOf, PageQuery, Uuid } from './schemas';
import { AuditView, ConsultationStatisticsView, StatisticsView } from '@shuoshi/protocol';
import { auditView } from './views/misc';

/** /api/statistics and /api/audit-logs. */
export async function reportRoutes(app: FastifyInstance, { deps }: { deps: ApiDeps }): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const security = [{ bearer: [] }];

  r.get('/statistics', {
    onRequest: allow('staff'),
    schema: {
      tags: ['statistics'],
      summary: 'Cases by status and outcome, success rate, written vs verbal, consultations answered, median days to outcome, overdue follow-ups; by township, village, category and month',
      security,
      querystring: Type.Object(
        { townshipId: Type.Optional(Uuid), villageId: Type.Optional(Uuid), category: Type.Optional(DisputeCategory), from: Type.Optional(DateOnly), to: Type.Optional(DateOnly) },
        { additionalProperties: false },
      ),
      response: { 200: StatisticsView, ...Errors },
    },
  }, async (req) => statistics(ctxOf(deps, req), req.query));

  r.get('/statistics/consultations', {
    onRequest: allow('staff'),
    schema: {
      tags: ['statistics'],
      summary: 'Consultations requested, answered, abandoned; live waits p50/p95; call-backs made, kept, missed; by village and topic',
      security,
      querystring: Type.Object(
        { townshipId: Type.Optional(Uuid), villageId: Type.Optional(Uuid), topic: Type.Optional(DisputeCategory), from: Type.Optional(DateOnly), to: Type.Optional(DateOnly) },
        { additionalProperties: false },
      ),
      response: { 200: ConsultationStatisticsView, ...Errors },
    },
  }, async (req) => consultationStats(ctxOf(deps, req), req.query));

  r.get('/audit-logs', {
    onRequest: allow('staff'),
    schema: {
      tags: ['audit'],
      summary: 'The audit log, newest first (county administrators)',
      security,
      querystring: Type.Object(
        {
          caseId: Type.Optional(Uuid),
          actorId: Type.Optional(Type.String({ maxLength: 64 })),
          action: Type.Optional(Type.String({ maxLength: 64 })),
          entityType: Type.Optional(Type.String({ maxLength: 64 })),
          entityId: Type.Optional(Type.String({ maxLength: 64 })),
          from: Type.Optional(DateOnly),
          to: Type.Optional(DateOnly),
          ...PageQuery,
        },
        { additionalProperties: false },
      ),
      response: { 200: PageOf(AuditView), ...Errors },
    },
  }, async (req) => {
    const ctx = ctxOf(deps, req);
    enforce(canReadAudit(ctx.actor));
    const q = req.query;
    const { from, to } = periodBounds(q.from, q.to);
    const { items, total } = await listAudit(deps.prisma, { ...q, from, to });
    // reading the audit log is itself audited, after the page (which so does not show it)
    const { page, pageSize, ...filter } = q;
    await audit(deps.prisma, ctx.actor, ctx.ip, { action: 'audit.read', entityType: 'AuditLog', details: { filter, page, shown: items.length, total } });
    return { items: items.map(auditView), page: q.page, pageSize: q.pageSize, total };
  });
}
