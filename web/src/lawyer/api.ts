import type { ApiClient } from '../api/client';
import type { ConsultationStatus, DisputeCategory, Page } from '../api/types';

/**
 * The lawyer console's calls (docs/api.md "The consultation queue"); the shapes restate
 * the server's views (signaling/src/api/consultations.ts, duty.ts, reports.ts).
 */
export type CallbackReason = 'NO_LAWYER_ON_DUTY' | 'QUEUE_TIMEOUT' | 'LAWYER_SCHEDULED';
export interface ConsultationRecord {
  id: string;
  countyId: string;
  talkRoomId: string;
  requestedById: string | null;
  partyId: string | null;
  topic: DisputeCategory;
  question: string;
  status: ConsultationStatus;
  requestedAt: string;
  lawyerId: string | null;
  acceptedAt: string | null;
  callbackAt: string | null;
  answeredAt: string | null;
  questionSummary: string | null;
  advice: string | null;
  shouldBecomeCase: boolean | null;
  caseId: string | null;
  callbackReason: CallbackReason | null;
  callbackStartedAt: string | null;
  callbackOutcome: 'KEPT' | 'MISSED' | null;
}
export interface ConsultJoinView { sessionId: string; token: string; peerId: string; roomId: string; role: string; expiresAt: string }
export interface DutyState { onDuty: boolean; changedAt: string | null }
export interface RosterSlot { id: string; lawyerId: string; lawyerName: string; weekday: number; start: string; end: string }
export interface Coverage {
  hours: number[][];
  gaps: Array<{ weekday: number; start: string; end: string; startMinute: number; endMinute: number }>;
  coveredShare: number;
}
export interface OnDutyLawyer { lawyerId: string; displayName: string; since: string; connected: boolean | null }
export interface ConsultationFigures {
  requested: number;
  answered: number;
  abandoned: number;
  live: number;
  waitP50S: number | null;
  waitP95S: number | null;
  callbacks: number;
  callbacksKept: number;
  callbacksMissed: number;
}
export const CONSULTATION_FIGURE_KEYS: Array<keyof ConsultationFigures> = ['requested', 'answered', 'abandoned', 'live', 'waitP50S', 'waitP95S', 'callbacks', 'callbacksKept', 'callbacksMissed'];
export interface ConsultationStatistics {
  totals: ConsultationFigures;
  byVillage: Array<ConsultationFigures & { villageId: string | null; townshipId: string | null }>;
  byTopic: Array<ConsultationFigures & { topic: DisputeCategory }>;
}
export interface CaseMade { caseId: string; caseNumber: string; handlingLevel: string }

export function lawyerEndpoints(api: ApiClient) {
  return {
    duty: () => api.get<DutyState>('/duty'),
    setDuty: (onDuty: boolean) => api.post<DutyState>('/duty', { onDuty }),
    onDutyLawyers: () => api.get<{ items: OnDutyLawyer[] }>('/duty/lawyers'),
    roster: () => api.get<{ items: RosterSlot[] }>('/duty/roster'),
    addSlot: (b: { lawyerId?: string; weekday: number; start: string; end: string }) => api.post<RosterSlot>('/duty/roster', b),
    removeSlot: (id: string) => api.request<void>('DELETE', `/duty/roster/${id}`),
    coverage: () => api.get<Coverage>('/duty/coverage'),
    consultations: (q: { status?: ConsultationStatus; page?: number }) => api.get<Page<ConsultationRecord>>('/consultations', { pageSize: 20, ...q }),
    consultation: (id: string) => api.get<ConsultationRecord>(`/consultations/${id}`),
    accept: (id: string) => api.post<{ consultation: ConsultationRecord; join: ConsultJoinView }>(`/consultations/${id}/accept`),
    callbacks: () => api.get<{ items: ConsultationRecord[] }>('/consultations/callbacks'),
    takeCallback: (id: string) => api.post<ConsultationRecord>(`/consultations/${id}/callback/take`),
    startCallback: (id: string) => api.post<{ consultation: ConsultationRecord; join: ConsultJoinView }>(`/consultations/${id}/callback/start`),
    markCallback: (id: string, kept: boolean) => api.post<ConsultationRecord>(`/consultations/${id}/callback/outcome`, { kept }),
    answer: (id: string, b: { questionSummary: string; advice: string; shouldBecomeCase: boolean; category?: DisputeCategory }) => api.post<ConsultationRecord>(`/consultations/${id}/answer`, b),
    toCase: (id: string, to: 'CASE' | 'TOWNSHIP') => api.post<CaseMade>(`/consultations/${id}/case`, { to }),
    statistics: (f: { townshipId?: string; villageId?: string; topic?: DisputeCategory; from?: string; to?: string }) => api.get<ConsultationStatistics>('/statistics/consultations', { ...f }),
  };
}
export type LawyerEndpoints = ReturnType<typeof lawyerEndpoints>;

/** The live room's address for a join token (the room page reads the token from the fragment). */
export function roomUrl(j: { roomId: string; token: string }): string {
  return `/room/${encodeURIComponent(j.roomId)}#token=${encodeURIComponent(j.token)}`;
}

/**
 * Opens the consultation room in a new tab, so this tab stays on the record the lawyer
 * writes after the call; false when the browser blocked the tab (the page then shows a link).
 */
export function openRoom(j: { roomId: string; token: string }): boolean {
  return window.open(roomUrl(j), '_blank') !== null;
}
