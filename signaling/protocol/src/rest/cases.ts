import { Type, type Static } from '@sinclair/typebox';
import { CaseStatus, DateTime, DisputeCategory, FollowUpResult, HandlingLevel, IntakeChannel, Nullable, OutcomeType, PartySide, Text, Uuid } from './common';
import { SessionView } from './sessions';

/** What the API shows of a case and its file (/api/cases, /api/parties, outcomes, follow-ups). */
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

export const PartyView = Type.Object({
  id: Uuid,
  name: Type.String(),
  phone: Nullable(Type.String()),
  /** The party's own village (not the case's: the two sides of a dispute often live apart). */
  villageId: Nullable(Uuid),
  /** Where the party lives, in their own words: 住址 on the agreement. */
  address: Nullable(Type.String({ examples: ['青山镇东坪村三组12号'] })),
  idNumberMasked: Nullable(Type.String({ examples: ['3301**********1234'] })),
  createdAt: DateTime,
});
export type PartyView = Static<typeof PartyView>;

/** POST /api/parties: a party registered at intake, with their own village and address. */
export const NewPartyBody = Type.Object(
  {
    name: Text(64),
    idNumber: Type.Optional(Type.String({ minLength: 15, maxLength: 24, description: '居民身份证号码 (18 characters); stored only masked and as a keyed hash' })),
    phone: Type.Optional(Type.String({ pattern: '^\\+?[0-9 -]{5,20}$' })),
    villageId: Type.Optional(Uuid),
    address: Type.Optional(Text(200)),
  },
  { additionalProperties: false },
);
export type NewPartyBody = Static<typeof NewPartyBody>;

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
export type OutcomeView = Static<typeof OutcomeView>;

/** A party signing a written agreement: the outcome and whether every party has now signed. */
export const SignedOutcomeView = Type.Object({ outcome: OutcomeView, signed: Type.Boolean(), missingPartyIds: Type.Array(Uuid), followUpId: Nullable(Uuid) });
export type SignedOutcomeView = Static<typeof SignedOutcomeView>;

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
export type FollowUpView = Static<typeof FollowUpView>;

/** GET /api/follow-ups: a follow-up with its case's number and place. */
export const FollowUpListItem = Type.Object({
  ...FollowUpView.properties,
  overdue: Type.Boolean(),
  case: Type.Object({ caseNumber: Type.String(), townshipId: Uuid, villageId: Nullable(Uuid), status: CaseStatus }),
});
export type FollowUpListItem = Static<typeof FollowUpListItem>;

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
export type ReferralView = Static<typeof ReferralView>;

export const EventView = Type.Object({ id: Type.String(), type: Type.String(), actorId: Nullable(Uuid), at: DateTime, payload: Type.Unknown() });
export type EventView = Static<typeof EventView>;

export const CaseParty = Type.Object({ ...PartyView.properties, side: PartySide, note: Nullable(Type.String()) });
export const CaseDetail = Type.Object({
  ...CaseSummary.properties,
  parties: Type.Array(CaseParty),
  timeline: Type.Array(EventView),
  referrals: Type.Array(ReferralView),
  sessions: Type.Array(SessionView),
  outcomes: Type.Array(OutcomeView),
  followUps: Type.Array(FollowUpView),
});
export type CaseDetail = Static<typeof CaseDetail>;
