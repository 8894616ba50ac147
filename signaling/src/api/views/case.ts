export { CaseDetail, CaseSummary, EventView, FollowUpView, OutcomeView, PartyView, ReferralView, SignatureView } from '@shuoshi/protocol';
import type { Static } from '@sinclair/typebox';
import type { AgreementSignature, Case, CaseEvent, CaseParty, FollowUp, Outcome, Party, Referral } from '@shuoshi/db';
import { CaseDetail, CaseSummary, EventView, FollowUpView, OutcomeView, PartyView, ReferralView } from '@shuoshi/protocol';
import { iso, isoOrNull } from '../schemas';
import { sessionView, type SessionRow } from './session';


/** A case and its file as the API shows them (the schemas: @shuoshi/protocol rest/cases). */
export const caseSummary = (c: Case): Static<typeof CaseSummary> => ({
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

export const partyView = (p: Party): Static<typeof PartyView> => ({ id: p.id, name: p.name, phone: p.phone, villageId: p.villageId, address: p.address, idNumberMasked: p.idNumberMasked, createdAt: iso(p.createdAt) });

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

export const eventView = (e: CaseEvent): Static<typeof EventView> => ({ id: e.id.toString(), type: e.type, actorId: e.actorId, at: iso(e.at), payload: e.payload });


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
