import { Type, type Static } from '@fastify/type-provider-typebox';
import type { AgreementSignature, Case, CaseEvent, CaseParty, FollowUp, Outcome, Party, Referral } from '@shuoshi/db';
import { CaseStatus, DateTime, DisputeCategory, FollowUpResult, HandlingLevel, IntakeChannel, Nullable, OutcomeType, PartySide, Uuid, iso, isoOrNull } from '../schemas';
import { SessionView, sessionView, type SessionRow } from './session';

/** What the API shows of a case and its file. */
export const CaseSummary = Type.Object({
  id: Uuid,
  caseNumber: Type.String({ examples: ['2026-青山镇-0042'] }),
  category: DisputeCategory,
  intakeChannel: IntakeChannel,
  description: Type.String(),
  handlingLevel: HandlingLevel,
  status: CaseStatus,
  countyId: Uuid,
  townshipId: Uuid,
  villageId: Nullable(Uuid),
  createdById: Uuid,
  acceptedAt: DateTime,
  closedAt: Nullable(DateTime),
  updatedAt: DateTime,
});
export type CaseSummary = Static<typeof CaseSummary>;

export const caseSummary = (c: Case): CaseSummary => ({
  id: c.id,
  caseNumber: c.caseNumber,
  category: c.category,
  intakeChannel: c.intakeChannel,
  description: c.description,
  handlingLevel: c.handlingLevel,
  status: c.status,
  countyId: c.countyId,
  townshipId: c.townshipId,
  villageId: c.villageId,
  createdById: c.createdById,
  acceptedAt: iso(c.acceptedAt),
  closedAt: isoOrNull(c.closedAt),
  updatedAt: iso(c.updatedAt),
});

export const PartyView = Type.Object({
  id: Uuid,
  name: Type.String(),
  phone: Nullable(Type.String()),
  villageId: Nullable(Uuid),
  idNumberMasked: Nullable(Type.String({ examples: ['3301**********1234'] })),
  createdAt: DateTime,
});
export const partyView = (p: Party): Static<typeof PartyView> => ({ id: p.id, name: p.name, phone: p.phone, villageId: p.villageId, idNumberMasked: p.idNumberMasked, createdAt: iso(p.createdAt) });

export const SignatureView = Type.Object({ partyId: Uuid, signedAt: DateTime, sha256: Type.String(), witnessedById: Nullable(Uuid) });
export const OutcomeView = Type.Object({
  id: Uuid,
  caseId: Uuid,
  sessionId: Nullable(Uuid),
  type: OutcomeType,
  terms: Nullable(Type.String()),
  verbalContent: Nullable(Type.String()),
  reason: Nullable(Type.String()),
  signedAt: Nullable(DateTime),
  judicialConfirmationDeadline: Nullable(DateTime),
  recordedById: Uuid,
  recordedAt: DateTime,
  signatures: Type.Array(SignatureView),
});
export const outcomeView = (o: Outcome & { signatures: AgreementSignature[] }): Static<typeof OutcomeView> => ({
  id: o.id,
  caseId: o.caseId,
  sessionId: o.sessionId,
  type: o.type,
  terms: o.terms,
  verbalContent: o.verbalContent,
  reason: o.reason,
  signedAt: isoOrNull(o.signedAt),
  judicialConfirmationDeadline: isoOrNull(o.judicialConfirmationDeadline),
  recordedById: o.recordedById,
  recordedAt: iso(o.recordedAt),
  signatures: o.signatures.map((s) => ({ partyId: s.partyId, signedAt: iso(s.signedAt), sha256: s.sha256, witnessedById: s.witnessedById })),
});

export const FollowUpView = Type.Object({
  id: Uuid,
  caseId: Uuid,
  outcomeId: Nullable(Uuid),
  assigneeId: Uuid,
  dueAt: DateTime,
  doneAt: Nullable(DateTime),
  result: Nullable(FollowUpResult),
  notes: Nullable(Type.String()),
  createdAt: DateTime,
});
export const followUpView = (f: FollowUp): Static<typeof FollowUpView> => ({
  id: f.id,
  caseId: f.caseId,
  outcomeId: f.outcomeId,
  assigneeId: f.assigneeId,
  dueAt: iso(f.dueAt),
  doneAt: isoOrNull(f.doneAt),
  result: f.result,
  notes: f.notes,
  createdAt: iso(f.createdAt),
});

export const ReferralView = Type.Object({
  id: Uuid,
  fromLevel: HandlingLevel,
  fromTownshipId: Nullable(Uuid),
  fromVillageId: Nullable(Uuid),
  toLevel: HandlingLevel,
  toTownshipId: Nullable(Uuid),
  toVillageId: Nullable(Uuid),
  toExternal: Nullable(Type.String()),
  reason: Type.String(),
  referredById: Uuid,
  referredAt: DateTime,
});
export const referralView = (r: Referral): Static<typeof ReferralView> => ({
  id: r.id,
  fromLevel: r.fromLevel,
  fromTownshipId: r.fromTownshipId,
  fromVillageId: r.fromVillageId,
  toLevel: r.toLevel,
  toTownshipId: r.toTownshipId,
  toVillageId: r.toVillageId,
  toExternal: r.toExternal,
  reason: r.reason,
  referredById: r.referredById,
  referredAt: iso(r.referredAt),
});

export const EventView = Type.Object({ id: Type.String(), type: Type.String(), actorId: Nullable(Uuid), at: DateTime, payload: Type.Unknown() });
export const eventView = (e: CaseEvent): Static<typeof EventView> => ({ id: e.id.toString(), type: e.type, actorId: e.actorId, at: iso(e.at), payload: e.payload });

export const CaseDetail = Type.Object({
  ...CaseSummary.properties,
  parties: Type.Array(Type.Object({ ...PartyView.properties, side: PartySide, note: Nullable(Type.String()) })),
  timeline: Type.Array(EventView),
  referrals: Type.Array(ReferralView),
  sessions: Type.Array(SessionView),
  outcomes: Type.Array(OutcomeView),
  followUps: Type.Array(FollowUpView),
});

type DetailRow = Case & {
  parties: Array<CaseParty & { party: Party }>;
  events: CaseEvent[];
  referrals: Referral[];
  sessions: SessionRow[];
  outcomes: Array<Outcome & { signatures: AgreementSignature[] }>;
  followUps: FollowUp[];
};
export const caseDetail = (c: DetailRow): Static<typeof CaseDetail> => ({
  ...caseSummary(c),
  parties: c.parties.map((cp) => ({ ...partyView(cp.party), side: cp.side, note: cp.note })),
  timeline: c.events.map(eventView),
  referrals: c.referrals.map(referralView),
  sessions: c.sessions.map(sessionView),
  outcomes: c.outcomes.map(outcomeView),
  followUps: c.followUps.map(followUpView),
});
