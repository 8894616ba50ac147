export { AuditView, ConsultationView } from '@shuoshi/protocol';
import type { Static } from '@sinclair/typebox';
import { AuditView, ConsultationView } from '@shuoshi/protocol';
import type { AuditLog, Consultation } from '@shuoshi/db';
import { iso, isoOrNull } from '../schemas';

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
  callbackReason: q.callbackReason,
  callbackStartedAt: isoOrNull(q.callbackStartedAt),
  callbackOutcome: q.callbackOutcome,
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
