import { ApiClient, StaffAuth } from '../../../api/client';
import type { SessionNotes } from '../../../api/types';

/** The mediator's notes of this session, through the one API client with this browser's staff sign-in. */
const client = () => new ApiClient(new StaffAuth());

export function readNotes(sessionId: string): Promise<SessionNotes> {
  return client().get<SessionNotes>(`/sessions/${encodeURIComponent(sessionId)}/notes`);
}

export function saveNotes(sessionId: string, text: string): Promise<SessionNotes> {
  return client().request<SessionNotes>('PUT', `/sessions/${encodeURIComponent(sessionId)}/notes`, { body: { text } });
}
