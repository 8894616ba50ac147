import { ApiClient, ApiError } from '../api/client';
import type { Session, Consultation as ConsultationView, JoinToken as JoinTokenView, TokenPair } from '../api/types';
import type { CallbackView, Static, StandingView, Standing as StandingSchema } from '@shuoshi/protocol';

/**
 * One JSON request to /api through the web's one API client, with a bearer credential
 * (the device's `shd_…`, or a witnessing operator's access token, never refreshed here);
 * a refusal is an ApiError (`status`, `code`, `message`).
 */
export async function api<T>(path: string, opts: { token?: string; method?: 'GET' | 'POST' | 'PATCH' | 'DELETE'; body?: unknown } = {}): Promise<T> {
  return new ApiClient(opts.token ? { token: opts.token } : null).request<T>(opts.method ?? 'GET', path, { body: opts.body });
}

export const errorCode = (err: unknown): string => (err instanceof ApiError ? err.code : 'INTERNAL');

// ---- the shapes the kiosk reads (docs/api.md), derived from the server's schemas ----

/** What the kiosk reads of a session it is invited to. */
export type SessionItem = Pick<Session, 'id' | 'kind' | 'caseId' | 'consultationId' | 'roomId' | 'scheduledAt' | 'startedAt' | 'endedAt' | 'about'>;
export type JoinToken = JoinTokenView;

export { CATEGORIES } from '@shuoshi/protocol';
export type { DisputeCategory as Category } from '@shuoshi/protocol';

/** What the kiosk reads of its consultation request. */
export type Consultation = Pick<ConsultationView, 'id' | 'topic' | 'status' | 'requestedAt' | 'advice' | 'callbackAt' | 'callbackReason'>;
/** Where a waiting request stands in the live queue; its call-back when nobody can take it. */
export type Standing = Static<typeof StandingSchema>;
export type Callback = Static<typeof CallbackView>;
/** GET /api/consultations/:id/queue. */
export type QueueStanding = Static<typeof StandingView>;

export type StaffSignIn = TokenPair;
