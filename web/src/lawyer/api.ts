import type { ApiClient } from '../api/client';
import type {
  Accepted, CaseMade, ConsultationRecord, ConsultationStatistics, ConsultationStatus, Coverage, DisputeCategory, DutyState, Items, OnDutyLawyer, Page, RosterSlot,
} from '../api/types';

/** The lawyer console's calls (docs/api.md "The consultation queue"); the shapes are the server's (@shuoshi/protocol rest/consultations). */
export type { CallbackReason, CaseMade, ConsultationFigures, ConsultationRecord, ConsultationStatistics, ConsultJoin as ConsultJoinView, Coverage, DutyState, OnDutyLawyer, RosterSlot } from '../api/types';
export { CONSULTATION_FIGURE_KEYS } from '../api/types';

export function lawyerEndpoints(api: ApiClient) {
  return {
    duty: () => api.get<DutyState>('/duty'),
    setDuty: (onDuty: boolean) => api.post<DutyState>('/duty', { onDuty }),
    onDutyLawyers: () => api.get<Items<OnDutyLawyer>>('/duty/lawyers'),
    roster: () => api.get<Items<RosterSlot>>('/duty/roster'),
    addSlot: (b: { lawyerId?: string; weekday: number; start: string; end: string }) => api.post<RosterSlot>('/duty/roster', b),
    removeSlot: (id: string) => api.request<void>('DELETE', `/duty/roster/${id}`),
    coverage: () => api.get<Coverage>('/duty/coverage'),
    consultations: (q: { status?: ConsultationStatus; page?: number }) => api.get<Page<ConsultationRecord>>('/consultations', { pageSize: 20, ...q }),
    consultation: (id: string) => api.get<ConsultationRecord>(`/consultations/${id}`),
    accept: (id: string) => api.post<Accepted>(`/consultations/${id}/accept`),
    callbacks: () => api.get<Items<ConsultationRecord>>('/consultations/callbacks'),
    takeCallback: (id: string) => api.post<ConsultationRecord>(`/consultations/${id}/callback/take`),
    startCallback: (id: string) => api.post<Accepted>(`/consultations/${id}/callback/start`),
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
