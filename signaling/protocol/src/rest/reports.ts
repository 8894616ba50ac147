import { Type, type Static } from '@sinclair/typebox';
import { DateTime, DisputeCategory, Nullable, Uuid } from './common';

/** /api/statistics and /api/audit-logs. */
const Figures = {
  cases: Type.Integer(),
  concluded: Type.Integer({ description: 'cases with an outcome' }),
  resolved: Type.Integer({ description: 'cases whose latest outcome is a written or verbal agreement' }),
  successRate: Nullable(Type.Number({ description: 'resolved ÷ concluded' })),
  written: Type.Integer(),
  verbal: Type.Integer(),
  failed: Type.Integer(),
  referred: Type.Integer(),
  medianDaysToOutcome: Nullable(Type.Number()),
  followUpsOverdue: Type.Integer(),
  consultations: Type.Integer(),
  consultationsAnswered: Type.Integer(),
};
export const FiguresView = Type.Object(Figures);
export type Figures = Static<typeof FiguresView>;
const Count = Type.Integer();
export const StatisticsView = Type.Object({
  filters: Type.Object({ townshipId: Nullable(Uuid), villageId: Nullable(Uuid), category: Nullable(DisputeCategory), from: Nullable(Type.String()), to: Nullable(Type.String()) }),
  totals: Type.Object(Figures),
  byStatus: Type.Object({ ACCEPTED: Count, IN_MEDIATION: Count, OUTCOME_GIVEN: Count, FOLLOWED_UP: Count, CLOSED: Count }),
  byOutcome: Type.Object({ WRITTEN_AGREEMENT: Count, VERBAL_AGREEMENT: Count, FAILED: Count, REFERRED: Count, NONE: Count }),
  byTownship: Type.Array(Type.Object({ townshipId: Uuid, ...Figures })),
  byVillage: Type.Array(Type.Object({ villageId: Uuid, townshipId: Uuid, ...Figures })),
  byCategory: Type.Array(Type.Object({ category: DisputeCategory, ...Figures })),
  byMonth: Type.Array(Type.Object({ month: Type.String({ pattern: '^\\d{4}-\\d{2}$' }), ...Figures })),
});
export type StatisticsView = Static<typeof StatisticsView>;

const ConsultationFigures = {
  requested: Type.Integer(),
  answered: Type.Integer(),
  abandoned: Type.Integer(),
  live: Type.Integer({ description: 'accepted from the live queue' }),
  waitP50S: Nullable(Type.Number({ description: 'median live wait (accepted − requested), seconds' })),
  waitP95S: Nullable(Type.Number()),
  callbacks: Type.Integer(),
  callbacksKept: Type.Integer(),
  callbacksMissed: Type.Integer(),
};
export const ConsultationFiguresView = Type.Object(ConsultationFigures);
export type ConsultationFigures = Static<typeof ConsultationFiguresView>;
export const ConsultationStatisticsView = Type.Object({
  filters: Type.Object({ townshipId: Nullable(Uuid), villageId: Nullable(Uuid), topic: Nullable(DisputeCategory), from: Nullable(Type.String()), to: Nullable(Type.String()) }),
  totals: Type.Object(ConsultationFigures),
  byVillage: Type.Array(Type.Object({ villageId: Nullable(Uuid), townshipId: Nullable(Uuid), ...ConsultationFigures })),
  byTopic: Type.Array(Type.Object({ topic: DisputeCategory, ...ConsultationFigures })),
});
export type ConsultationStatisticsView = Static<typeof ConsultationStatisticsView>;

export const AuditView = Type.Object({
  id: Type.String(),
  actorType: Type.String(),
  actorId: Nullable(Type.String()),
  action: Type.String(),
  entityType: Type.String(),
  entityId: Nullable(Type.String()),
  caseId: Nullable(Uuid),
  ip: Nullable(Type.String()),
  at: DateTime,
  details: Type.Unknown(),
});
export type AuditView = Static<typeof AuditView>;
