import { Type, type Static } from '@fastify/type-provider-typebox';
import type { AuditLog, Consultation } from '@shuoshi/db';
import { ConsultationStatus, DateTime, DisputeCategory, Nullable, Uuid, iso, isoOrNull } from '../schemas';

export const ConsultationView = Type.Object({
  id: Uuid,
  countyId: Uuid,
  talkRoomId: Uuid,
  requestedById: Nullable(Uuid),
  partyId: Nullable(Uuid),
  topic: DisputeCategory,
  question: Type.String(),
  status: ConsultationStatus,
  requestedAt: DateTime,
  lawyerId: Nullable(Uuid),
  acceptedAt: Nullable(DateTime),
  callbackAt: Nullable(DateTime),
  answeredAt: Nullable(DateTime),
  questionSummary: Nullable(Type.String()),
  advice: Nullable(Type.String()),
  shouldBecomeCase: Nullable(Type.Boolean()),
  caseId: Nullable(Uuid),
});
export const consultationView = (q: Consultation): Static<typeof ConsultationView> => ({
  id: q.id,
  countyId: q.countyId,
  talkRoomId: q.talkRoomId,
  requestedById: q.requestedById,
  partyId: q.partyId,
  topic: q.topic,
  question: q.question,
  status: q.status,
  requestedAt: iso(q.requestedAt),
  lawyerId: q.lawyerId,
  acceptedAt: isoOrNull(q.acceptedAt),
  callbackAt: isoOrNull(q.callbackAt),
  answeredAt: isoOrNull(q.answeredAt),
  questionSummary: q.questionSummary,
  advice: q.advice,
  shouldBecomeCase: q.shouldBecomeCase,
  caseId: q.caseId,
});

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
export const auditView = (a: AuditLog): Static<typeof AuditView> => ({
  id: a.id.toString(),
  actorType: a.actorType,
  actorId: a.actorId,
  action: a.action,
  entityType: a.entityType,
  entityId: a.entityId,
  caseId: a.caseId,
  ip: a.ip,
  at: iso(a.at),
  details: a.details ?? null,
});
