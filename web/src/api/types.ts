import { CASE_STATUSES as caseStatuses, CATEGORIES as categories, INTAKE_CHANNELS as intakeChannels, type Static } from '@shuoshi/protocol';
import type * as Rest from '@shuoshi/protocol';
import type { CaseStatus, ConsultationFigures, DisputeCategory, Figures, IntakeChannel } from '@shuoshi/protocol';

/**
 * The REST API's shapes as the web reads them, each derived from the server's TypeBox
 * schema in the protocol package (signaling/protocol/src/rest): a field the server
 * changes or drops fails `tsc -b` here and wherever a screen reads it.
 */
export type {
  CaseStatus, DisputeCategory, IntakeChannel, HandlingLevel, PartySide, StaffRole, OutcomeType, TalkRoomKind, ConsultationStatus, CallbackReason, Page, Items,
  StaffIdentity, TokenPair, Figures, ConsultationFigures,
} from '@shuoshi/protocol';

export const CASE_STATUSES: CaseStatus[] = [...caseStatuses];
export const CATEGORIES: DisputeCategory[] = [...categories];
export const INTAKE_CHANNELS: IntakeChannel[] = [...intakeChannels];

export type Division = Static<typeof Rest.DivisionView>;
export type Organisation = Static<typeof Rest.OrganisationView>;
export type TalkRoom = Static<typeof Rest.TalkRoomView>;
export type Device = Static<typeof Rest.DeviceView>;
export type DeviceEnrolment = Static<typeof Rest.DeviceEnrolmentView>;
/** GET /api/staff-accounts (the county administrator): every account, disabled ones included. */
export type StaffAccount = Static<typeof Rest.StaffAccountDetail>;
export type StaffAccountWithPassword = Static<typeof Rest.WithPassword>;
export type Township = Static<typeof Rest.TownshipView>;
export type Village = Static<typeof Rest.VillageView>;
export type NewTownship = Static<typeof Rest.NewTownshipView>;
export type NewVillage = Static<typeof Rest.NewVillageView>;
export type StaffMember = Static<typeof Rest.StaffDirectoryEntry>;

export type CaseSummary = Static<typeof Rest.CaseSummary>;
export type Party = Static<typeof Rest.PartyView>;
/** POST /api/parties. */
export type NewParty = Static<typeof Rest.NewPartyBody>;
export type CaseEvent = Static<typeof Rest.EventView>;
export type Invite = Static<typeof Rest.InviteView>;
export type Session = Static<typeof Rest.SessionView>;
export type Outcome = Static<typeof Rest.OutcomeView>;
export type FollowUp = Static<typeof Rest.FollowUpView>;
export type Referral = Static<typeof Rest.ReferralView>;
export type CaseDetail = Static<typeof Rest.CaseDetail>;
export type FollowUpListItem = Static<typeof Rest.FollowUpListItem>;
export type Recording = Static<typeof Rest.RecordingView>;
export type Consultation = Static<typeof Rest.ConsultationView>;
export type ConsultationRequest = Static<typeof Rest.ConsultationRequestView>;
export type InviteCode = Static<typeof Rest.InviteCodeView>;
export type JoinToken = Static<typeof Rest.JoinTokenView>;
export type SignedOutcome = Static<typeof Rest.SignedOutcomeView>;
export type InviteExchange = Static<typeof Rest.InviteExchangeView>;
export type SessionDocument = Static<typeof Rest.DocumentView>;
export type SessionNotes = Static<typeof Rest.SessionNotesView>;
export type PlayAddress = Static<typeof Rest.PlayAddressView>;

export type Statistics = Static<typeof Rest.StatisticsView>;
export const FIGURE_KEYS: Array<keyof Figures> = ['cases', 'concluded', 'resolved', 'successRate', 'written', 'verbal', 'failed', 'referred', 'medianDaysToOutcome', 'followUpsOverdue', 'consultations', 'consultationsAnswered'];
export type ConsultationStatistics = Static<typeof Rest.ConsultationStatisticsView>;
export const CONSULTATION_FIGURE_KEYS: Array<keyof ConsultationFigures> = ['requested', 'answered', 'abandoned', 'live', 'waitP50S', 'waitP95S', 'callbacks', 'callbacksKept', 'callbacksMissed'];
export type ConsultationRecord = Consultation;
export type ConsultJoin = Static<typeof Rest.ConsultJoinView>;
export type Accepted = Static<typeof Rest.AcceptView>;
export type CaseMade = Static<typeof Rest.CaseMadeView>;
export type DutyState = Static<typeof Rest.DutyView>;
export type RosterSlot = Static<typeof Rest.SlotView>;
export type Coverage = Static<typeof Rest.CoverageView>;
export type OnDutyLawyer = Static<typeof Rest.OnDutyLawyer>;
export type Standing = Static<typeof Rest.StandingView>;
