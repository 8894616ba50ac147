import type { ApiClient } from './client';
import type {
  CaseDetail, CaseStatus, DeviceEnrolment, Items, NewTownship, NewVillage, StaffAccountWithPassword, FollowUp, Outcome, CaseSummary, Consultation, Device, DisputeCategory, FollowUpListItem, IntakeChannel, InviteCode, JoinToken,
  NewParty, Organisation, Page, Party, PartySide, PlayAddress, Recording, Session, SessionNotes, StaffAccount, StaffMember, StaffRole, Statistics, TalkRoom, TalkRoomKind, Township, Village,
} from './types';

export interface DivisionPatch { name?: string; active?: boolean }
export interface NewStaff { username: string; displayName: string; role: StaffRole; phone?: string; townshipId?: string; talkRoomId?: string }

export interface CaseFilter {
  status?: CaseStatus[];
  open?: boolean;
  category?: DisputeCategory;
  villageId?: string;
  townshipId?: string;
  from?: string;
  to?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}
export interface StatisticsFilter { townshipId?: string; villageId?: string; category?: DisputeCategory; from?: string; to?: string }

/** The typed calls the screens make (one line each; the routes are in docs/api.md). */
export function endpoints(api: ApiClient) {
  return {
    organisation: () => api.get<Organisation>('/organisation'),
    talkRooms: (q: { kind?: TalkRoomKind; townshipId?: string; villageId?: string; pageSize?: number; page?: number } = {}) => api.get<Page<TalkRoom>>('/talk-rooms', { pageSize: 100, ...q }),
    staff: (q: { role?: StaffRole } = {}) => api.get<Items<StaffMember>>('/staff', q),
    cases: (f: CaseFilter) => api.get<Page<CaseSummary>>('/cases', { ...f }),
    case: (id: string) => api.get<CaseDetail>(`/cases/${id}`),
    openCase: (b: { villageId?: string; category: DisputeCategory; intakeChannel: IntakeChannel; description: string; parties: Array<{ partyId: string; side: PartySide }> }) =>
      api.post<CaseSummary>('/cases', b),
    transition: (id: string, to: CaseStatus) => api.post<CaseSummary>(`/cases/${id}/transitions`, { to }),
    createParty: (b: NewParty) => api.post<Party>('/parties', b),
    lookUpParty: (idNumber: string) => api.post<Party>('/parties/lookup', { idNumber }),
    recordings: (caseId: string) => api.get<Items<Recording>>(`/cases/${caseId}/recordings`),
    playRecording: (id: string) => api.post<PlayAddress>(`/recordings/${id}/play`),
    caseNotes: (caseId: string) => api.get<SessionNotes[]>(`/cases/${caseId}/notes`),
    recordOutcome: (caseId: string, b: { type: 'WRITTEN_AGREEMENT'; terms: string } | { type: 'VERBAL_AGREEMENT'; verbalContent: string } | { type: 'FAILED' | 'REFERRED'; reason: string }) =>
      api.post<Outcome>(`/cases/${caseId}/outcomes`, b),
    recordFollowUp: (id: string, b: { result: 'FULFILLED' | 'PARTLY' | 'NOT_FULFILLED'; notes?: string }) => api.post<FollowUp>(`/follow-ups/${id}/result`, b),
    agreementPdf: (outcomeId: string) => api.blob(`/outcomes/${outcomeId}/agreement.pdf`),
    schedule: (b: { kind: 'MEDIATION'; caseId: string; talkRoomIds: string[]; partyIds: string[]; staffIds: string[]; scheduledAt?: string }) => api.post<Session>('/sessions', b),
    mySessions: () => api.get<Page<Session>>('/sessions', { active: true, pageSize: 50 }),
    inviteCode: (sessionId: string, partyId: string) => api.post<InviteCode>(`/sessions/${sessionId}/invite-codes`, { partyId }),
    joinToken: (sessionId: string) => api.post<JoinToken>(`/sessions/${sessionId}/join-token`),
    followUps: (state: 'open' | 'due' | 'overdue' | 'done' | 'all', page = 1) => api.get<Page<FollowUpListItem>>('/follow-ups', { state, page, pageSize: 20 }),
    consultations: () => api.get<Page<Consultation>>('/consultations', { pageSize: 50 }),
    statistics: (f: StatisticsFilter) => api.get<Statistics>('/statistics', { ...f }),
    // the county administrator's organisation (docs/api.md, "County administration")
    createTownship: (b: { name: string }) => api.post<NewTownship>('/townships', b),
    updateTownship: (id: string, b: DivisionPatch) => api.patch<Township>(`/townships/${id}`, b),
    createVillage: (b: { townshipId: string; name: string }) => api.post<NewVillage>('/villages', b),
    updateVillage: (id: string, b: DivisionPatch) => api.patch<Village>(`/villages/${id}`, b),
    updateTalkRoom: (id: string, b: DivisionPatch) => api.patch<TalkRoom>(`/talk-rooms/${id}`, b),
    staffAccounts: () => api.get<Items<StaffAccount>>('/staff-accounts'),
    createStaff: (b: NewStaff) => api.post<StaffAccountWithPassword>('/staff', b),
    resetPassword: (id: string) => api.post<StaffAccountWithPassword>(`/staff/${id}/reset-password`),
    setStaffActive: (id: string, active: boolean) => api.post<StaffAccount>(`/staff/${id}/${active ? 'enable' : 'disable'}`),
    devices: (talkRoomId: string) => api.get<Items<Device>>(`/talk-rooms/${talkRoomId}/devices`),
    revokeDevice: (talkRoomId: string, deviceId: string) => api.delete<Device>(`/talk-rooms/${talkRoomId}/devices/${deviceId}`),
    enrolDevice: (talkRoomId: string, label?: string) => api.post<DeviceEnrolment>(`/talk-rooms/${talkRoomId}/devices`, label ? { label } : {}),
  };
}
export type Endpoints = ReturnType<typeof endpoints>;
