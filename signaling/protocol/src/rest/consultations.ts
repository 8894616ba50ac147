import { Type, type Static } from '@sinclair/typebox';
import { CallbackReason, ConsultationStatus, DateTime, DisputeCategory, Nullable, StringEnum, Uuid } from './common';

/** What the API shows of a consultation (远程法律咨询) and the lawyers' duty (值班). */
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
  callbackReason: Nullable(CallbackReason),
  callbackStartedAt: Nullable(DateTime),
  callbackOutcome: Nullable(StringEnum(['KEPT', 'MISSED'])),
});
export type ConsultationView = Static<typeof ConsultationView>;

/** Where a waiting request stands in the live queue. */
export const Standing = Type.Object({
  position: Type.Integer({ minimum: 1, description: '1 = next' }),
  queueLength: Type.Integer(),
  estimatedWaitS: Type.Integer({ description: 'docs/api.md "Estimated wait"' }),
});
export type Standing = Static<typeof Standing>;
export const CallbackView = Type.Object({ callbackAt: DateTime, reason: CallbackReason });
/** POST /api/consultations: the request, its place in the queue or its call-back. */
export const ConsultationRequestView = Type.Object({ ...ConsultationView.properties, queue: Nullable(Standing), callback: Nullable(CallbackView) });
export type ConsultationRequestView = Static<typeof ConsultationRequestView>;
export const StandingView = Type.Object({ status: ConsultationStatus, queue: Nullable(Standing) });
export type StandingView = Static<typeof StandingView>;

export const ConsultJoinView = Type.Object({ sessionId: Uuid, token: Type.String(), peerId: Type.String(), roomId: Type.String(), role: Type.String(), expiresAt: DateTime });
export type ConsultJoinView = Static<typeof ConsultJoinView>;
/** Accepting a request or starting a call-back: the consultation and the lawyer's join token. */
export const AcceptView = Type.Object({ consultation: ConsultationView, join: ConsultJoinView });
export type AcceptView = Static<typeof AcceptView>;
/** POST /api/consultations/:id/case: the case the consultation became. */
export const CaseMadeView = Type.Object({ caseId: Uuid, caseNumber: Type.String(), handlingLevel: Type.String() });
export type CaseMadeView = Static<typeof CaseMadeView>;

export const Clock = Type.String({ pattern: '^\\d{2}:\\d{2}$', description: 'HH:MM, China time (an end may be 24:00)' });
export const SlotView = Type.Object({ id: Uuid, lawyerId: Uuid, lawyerName: Type.String(), weekday: Type.Integer({ minimum: 1, maximum: 7 }), start: Clock, end: Clock });
export type SlotView = Static<typeof SlotView>;
export const DutyView = Type.Object({ onDuty: Type.Boolean(), changedAt: Nullable(DateTime) });
export type DutyView = Static<typeof DutyView>;
export const OnDutyLawyer = Type.Object({ lawyerId: Uuid, displayName: Type.String(), since: DateTime, connected: Nullable(Type.Boolean({ description: 'has the queue socket open on some node (null: unknown)' })) });
export type OnDutyLawyer = Static<typeof OnDutyLawyer>;
/** GET /api/duty/coverage: the week, 7 × 24 hours. */
export const CoverageView = Type.Object({
  hours: Type.Array(Type.Array(Type.Integer(), { minItems: 24, maxItems: 24 }), { minItems: 7, maxItems: 7, description: 'hours[weekday − 1][hour]' }),
  gaps: Type.Array(Type.Object({ weekday: Type.Integer(), start: Clock, end: Clock, startMinute: Type.Integer(), endMinute: Type.Integer() })),
  coveredShare: Type.Number({ description: 'share of the week covered by at least one lawyer' }),
});
export type CoverageView = Static<typeof CoverageView>;
