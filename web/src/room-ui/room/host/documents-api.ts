import { ApiClient, StaffAuth } from '../../../api/client';
import type { SessionDocument } from '../../../api/types';

export type { SessionDocument } from '../../../api/types';

/**
 * The room page's REST calls for documents, through the web's one API client with the
 * staff sign-in of this browser (the host came from the console): a 401 refreshes once.
 */
const client = () => new ApiClient(new StaffAuth());

export async function listDocuments(sessionId: string): Promise<SessionDocument[]> {
  return client().get<SessionDocument[]>(`/sessions/${encodeURIComponent(sessionId)}/documents`);
}

export async function uploadDocument(sessionId: string, file: File): Promise<SessionDocument> {
  return client().request<SessionDocument>('POST', `/sessions/${encodeURIComponent(sessionId)}/documents`, { query: { name: file.name }, body: file });
}
