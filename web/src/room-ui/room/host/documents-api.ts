import { ApiError, StaffAuth } from '../../../api/client';

/** A case-file document as `GET /api/sessions/:id/documents` lists it. */
export interface SessionDocument {
  id: string;
  name: string;
  mime: string;
  sizeBytes: number;
  uploadedAt: string;
}

/**
 * The room page's REST calls for documents, with the staff sign-in of this browser
 * (the host came from the console); a 401 refreshes once, like the console's client.
 */
async function call(path: string, init: RequestInit): Promise<Response> {
  const auth = new StaffAuth();
  const attempt = () => fetch(`/api${path}`, { ...init, headers: { ...(init.headers as Record<string, string>), ...(auth.current ? { authorization: `Bearer ${auth.current.accessToken}` } : {}) } });
  let res = await attempt().catch((err: unknown) => {
    throw new ApiError('NETWORK', err instanceof Error ? err.message : String(err), 0);
  });
  if (res.status === 401 && auth.current && (await auth.refresh())) res = await attempt();
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText, res.status);
  }
  return res;
}

export async function listDocuments(sessionId: string): Promise<SessionDocument[]> {
  return (await (await call(`/sessions/${encodeURIComponent(sessionId)}/documents`, { method: 'GET' })).json()) as SessionDocument[];
}

export async function uploadDocument(sessionId: string, file: File): Promise<SessionDocument> {
  const res = await call(`/sessions/${encodeURIComponent(sessionId)}/documents?name=${encodeURIComponent(file.name)}`, {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream' },
    body: file,
  });
  return (await res.json()) as SessionDocument;
}
