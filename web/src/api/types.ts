/**
 * The REST API's shapes as the web client reads them (docs/api.md; the server's
 * TypeBox views in signaling/src/api/views). The web package may import only the
 * protocol package, so these restate the views; the browser tests catch a drift.
 */
export type CaseStatus = 'ACCEPTED' | 'IN_MEDIATION' | 'OUTCOME_GIVEN' | 'FOLLOWED_UP' | 'CLOSED';
export const CASE_STATUSES: CaseStatus[] = ['ACCEPTED', 'IN_MEDIATION', 'OUTCOME_GIVEN', 'FOLLOWED_UP', 'CLOSED'];
export type DisputeCategory = 'LAND_HOMESTEAD' | 'MARRIAGE_FAMILY' | 'NEIGHBOUR' | 'CONTRACT_DEBT' | 'LABOUR_WAGES' | 'PERSONAL_INJURY' | 'OTHER';
export const CATEGORIES: DisputeCategory[] = ['LAND_HOMESTEAD', 'MARRIAGE_FAMILY', 'NEIGHBOUR', 'CONTRACT_DEBT', 'LABOUR_WAGES', 'PERSONAL_INJURY', 'OTHER'];
export type IntakeChannel = 'WALK_IN' | 'PHONE' | 'ONLINE' | 'REFERRAL';
export const INTAKE_CHANNELS: IntakeChannel[] = ['WALK_IN', 'PHONE', 'ONLINE', 'REFERRAL'];
export type HandlingLevel = 'VILLAGE' | 'TOWNSHIP' | 'COUNTY';
export type PartySide = 'A' | 'B' | 'OTHER';
export type StaffRole = 'VILLAGE_OPERATOR' | 'TOWNSHIP_MEDIATOR' | 'COUNTY_LEGAL_ADVISOR' | 'COUNTY_ADMIN';
export type OutcomeType = 'WRITTEN_AGREEMENT' | 'VERBAL_AGREEMENT' | 'FAILED' | 'REFERRED';
export type TalkRoomKind = 'VILLAGE_TALK_ROOM' | 'TOWNSHIP_MEDIATION_ROOM' | 'COUNTY_LEGAL_OFFICE';
export type ConsultationStatus = 'QUEUED' | 'ACCEPTED' | 'CALLBACK_SCHEDULED' | 'ANSWERED' | 'ABANDONED';

export interface Page<T> { items: T[]; page: number; pageSize: number; total: number }

export interface StaffIdentity {
  id: string;
  displayName: string;
  role: StaffRole;
  countyId: string;
  townshipId: string | null;
  villageId: string | null;
  talkRoomId: string | null;
}
export interface TokenPair {
  accessToken: string;
  accessTokenExpiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
  staff: StaffIdentity;
}

export interface Division { id: string; name: string; code: string | null; active: boolean }
export interface Organisation { county: Division; townships: Array<Division & { villages: Division[] }> }
export interface TalkRoom { id: string; kind: TalkRoomKind; name: string; countyId: string; townshipId: string | null; villageId: string | null; active: boolean }
export interface Device { id: string; talkRoomId: string; label: string | null; enrolledById: string; enrolledAt: string; lastSeenAt: string | null; revokedAt: string | null }
/** GET /api/staff-accounts (the county administrator): every account, disabled ones included. */
export interface StaffAccount { id: string; username: string; displayName: string; role: StaffRole; countyId: string; townshipId: string | null; villageId: string | null; talkRoomId: string | null; phone: string | null; active: boolean; lastLoginAt: string | null }
export interface Township { id: string; countyId: string; name: string; code: string | null; active: boolean }
export interface Village { id: string; townshipId: string; name: string; code: string | null; active: boolean }
export interface StaffMember { id: string; displayName: string; role: StaffRole; townshipId: string | null; villageId: string | null }

export interface CaseSummary {
  id: string;
  caseNumber: string;
  category: DisputeCategory;
  intakeChannel: IntakeChannel;
  description: string;
  handlingLevel: HandlingLevel;
  status: CaseStatus;
  countyId: string;
  townshipId: string;
  villageId: string | null;
  createdById: string;
  acceptedAt: string;
  closedAt: string | null;
  updatedAt: string;
}
export interface Party { id: string; name: string; phone: string | null; villageId: string | null; idNumberMasked: string | null; createdAt: string }
export interface CaseEvent { id: string; type: string; actorId: string | null; at: string; payload: unknown }
export interface Invite { id: string; talkRoomId: string | null; partyId: string | null; staffId: string | null; invitedAt: string; joinedAt: string | null }
export interface Session {
  id: string;
  kind: 'MEDIATION' | 'CONSULTATION';
  caseId: string | null;
  consultationId: string | null;
  roomId: string;
  hostId: string | null;
  scheduledAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  cancelledAt: string | null;
  createdAt: string;
  invites: Invite[];
}
export interface Outcome {
  id: string;
  caseId: string;
  sessionId: string | null;
  type: OutcomeType;
  terms: string | null;
  verbalContent: string | null;
  reason: string | null;
  signedAt: string | null;
  judicialConfirmationDeadline: string | null;
  recordedById: string;
  recordedAt: string;
  signatures: Array<{ partyId: string; signedAt: string; sha256: string; witnessedById: string | null }>;
}
export interface FollowUp {
  id: string;
  caseId: string;
  outcomeId: string | null;
  assigneeId: string;
  dueAt: string;
  doneAt: string | null;
  result: 'FULFILLED' | 'PARTLY' | 'NOT_FULFILLED' | null;
  notes: string | null;
  createdAt: string;
}
export interface Referral { id: string; fromLevel: HandlingLevel; toLevel: HandlingLevel; reason: string; referredAt: string; toExternal: string | null }
export interface CaseDetail extends CaseSummary {
  parties: Array<Party & { side: PartySide; note: string | null }>;
  timeline: CaseEvent[];
  referrals: Referral[];
  sessions: Session[];
  outcomes: Outcome[];
  followUps: FollowUp[];
}
export interface FollowUpListItem extends FollowUp { overdue: boolean; case: { caseNumber: string; townshipId: string; villageId: string | null; status: CaseStatus } }
export interface Recording {
  id: string;
  sessionId: string;
  kind: 'AUDIO' | 'VIDEO' | 'RENDITION' | 'CLIP';
  participantLabel: string;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  bytes: number | null;
  sha256: string | null;
  interrupted: boolean;
}
export interface Consultation {
  id: string;
  talkRoomId: string;
  topic: DisputeCategory;
  question: string;
  status: ConsultationStatus;
  requestedAt: string;
  lawyerId: string | null;
  callbackAt: string | null;
  answeredAt: string | null;
  advice: string | null;
}
export interface InviteCode { id: string; code: string; sessionId: string; partyId: string; expiresAt: string }
export interface JoinToken { token: string; peerId: string; roomId: string; role: string; expiresAt: string }
export interface InviteExchange {
  partyToken: string;
  expiresAt: string;
  party: { id: string; name: string };
  session: { id: string; kind: 'MEDIATION' | 'CONSULTATION'; roomId: string; scheduledAt: string | null };
  join: JoinToken;
}

export interface Figures {
  cases: number;
  concluded: number;
  resolved: number;
  successRate: number | null;
  written: number;
  verbal: number;
  failed: number;
  referred: number;
  medianDaysToOutcome: number | null;
  followUpsOverdue: number;
  consultations: number;
  consultationsAnswered: number;
}
export const FIGURE_KEYS: Array<keyof Figures> = ['cases', 'concluded', 'resolved', 'successRate', 'written', 'verbal', 'failed', 'referred', 'medianDaysToOutcome', 'followUpsOverdue', 'consultations', 'consultationsAnswered'];
export interface Statistics {
  filters: { townshipId: string | null; villageId: string | null; category: DisputeCategory | null; from: string | null; to: string | null };
  totals: Figures;
  byStatus: Record<CaseStatus, number>;
  byOutcome: Record<OutcomeType | 'NONE', number>;
  byTownship: Array<Figures & { townshipId: string }>;
  byVillage: Array<Figures & { villageId: string; townshipId: string }>;
  byCategory: Array<Figures & { category: DisputeCategory }>;
  byMonth: Array<Figures & { month: string }>;
}
