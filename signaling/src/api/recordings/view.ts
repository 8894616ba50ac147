import { Type, type Static } from '@fastify/type-provider-typebox';
import type { Recording } from '@shuoshi/db';
import type { RenditionStatus } from '../../recording/rendition-queue';
import type { Verification } from '../../recording/verify';
import { DateTime, Nullable, StringEnum, Uuid, iso, isoOrNull } from '../schemas';

export const RecordingView = Type.Object({
  id: Uuid,
  sessionId: Uuid,
  kind: StringEnum(['AUDIO', 'VIDEO', 'RENDITION', 'CLIP'], 'one participant track, the session rendition, or a clip'),
  participantLabel: Type.String(),
  startedAt: DateTime,
  endedAt: Nullable(DateTime),
  durationMs: Nullable(Type.Integer()),
  bytes: Nullable(Type.Integer()),
  sha256: Nullable(Type.String({ description: 'SHA-256 (hex) of the finalised file; null while it is being written' })),
  interrupted: Type.Boolean({ description: 'the writer died before finalising; it plays up to that point' }),
  outcomeId: Nullable(Uuid),
  clipFromMs: Nullable(Type.Integer()),
  clipToMs: Nullable(Type.Integer()),
  mediaUrl: Type.String({ description: 'authorised streaming with HTTP Range; add ?download=1 to save it' }),
});
export type RecordingView = Static<typeof RecordingView>;

export const recordingView = (r: Recording): RecordingView => ({
  id: r.id,
  sessionId: r.sessionId,
  kind: r.kind,
  participantLabel: r.participantLabel,
  startedAt: iso(r.startedAt),
  endedAt: isoOrNull(r.endedAt),
  durationMs: r.durationMs,
  bytes: r.bytes === null ? null : Number(r.bytes),
  sha256: r.sha256,
  interrupted: r.interrupted,
  outcomeId: r.outcomeId,
  clipFromMs: r.clipFromMs,
  clipToMs: r.clipToMs,
  mediaUrl: `/api/recordings/${r.id}/media`,
});

export const VerificationView = Type.Object({
  recordingId: Uuid,
  ok: Type.Boolean(),
  expectedSha256: Type.String(),
  actualSha256: Nullable(Type.String()),
  expectedBytes: Nullable(Type.Integer()),
  actualBytes: Nullable(Type.Integer()),
  missing: Type.Boolean(),
  checkedAt: DateTime,
});
export const verificationView = (v: Verification): Static<typeof VerificationView> => ({ ...v, checkedAt: iso(v.checkedAt) });

export const RenditionView = Type.Object({
  sessionId: Uuid,
  state: StringEnum(['none', 'queued', 'running', 'done', 'failed']),
  progress: Type.Number({ minimum: 0, maximum: 1 }),
  recordingId: Nullable(Uuid),
  error: Nullable(Type.String()),
});
export const renditionView = (sessionId: string, s: RenditionStatus | undefined, stored: Recording | null): Static<typeof RenditionView> => {
  if (s && (s.state !== 'failed' || !stored)) return { sessionId, state: s.state, progress: s.progress, recordingId: s.recordingId ?? null, error: s.error ?? null };
  return stored ? { sessionId, state: 'done', progress: 1, recordingId: stored.id, error: null } : { sessionId, state: 'none', progress: 0, recordingId: null, error: null };
};
