/** A refused API call: the server's `{ error: { code, message } }`, or NETWORK when it could not be reached. */
export class KioskApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${status} ${code}: ${message}`);
    this.name = 'KioskApiError';
  }
}

/** One JSON request to /api with a bearer credential (the device's `shd_…`, or a witnessing operator's access token). */
export async function api<T>(path: string, opts: { token?: string; method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(`/api${path}`, { method: opts.method ?? 'GET', headers, body: opts.body === undefined ? undefined : JSON.stringify(opts.body) });
  } catch (err) {
    throw new KioskApiError(0, 'NETWORK', String(err));
  }
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) throw new KioskApiError(res.status, body?.error?.code ?? `HTTP_${res.status}`, body?.error?.message ?? res.statusText);
  return body as T;
}

export const errorCode = (err: unknown): string => (err instanceof KioskApiError ? err.code : 'INTERNAL');

// ---- the shapes the kiosk reads (docs/api.md) ----

export interface SessionItem {
  id: string;
  kind: 'MEDIATION' | 'CONSULTATION';
  caseId: string | null;
  consultationId: string | null;
  roomId: string;
  scheduledAt: string | null;
  startedAt: string | null;
  endedAt: string | null;
  /** What it is about and who it is with (GET /api/sessions). */
  about?: { caseNumber: string | null; category: string | null; hostName: string; partyNames: string[] };
}

export interface JoinToken {
  token: string;
  peerId: string;
  roomId: string;
  role: string;
}

export const CATEGORIES = ['LAND_HOMESTEAD', 'MARRIAGE_FAMILY', 'NEIGHBOUR', 'CONTRACT_DEBT', 'LABOUR_WAGES', 'PERSONAL_INJURY', 'OTHER'] as const;
export type Category = (typeof CATEGORIES)[number];

export interface Consultation {
  id: string;
  topic: Category;
  status: 'QUEUED' | 'ACCEPTED' | 'CALLBACK_SCHEDULED' | 'ANSWERED' | 'ABANDONED';
  requestedAt: string;
  advice: string | null;
  callbackAt: string | null;
  callbackReason: 'NO_LAWYER_ON_DUTY' | 'QUEUE_TIMEOUT' | 'LAWYER_SCHEDULED' | null;
}

export interface StaffSignIn {
  accessToken: string;
  staff: { id: string; displayName: string; role: string; villageId: string | null; talkRoomId: string | null };
}
