export { RecordingView, RenditionView, VerificationView } from '@shuoshi/protocol';
import type { Static } from '@sinclair/typebox';
import { RecordingView, RenditionView, VerificationView } from '@shuoshi/protocol';
import type { Recording } from '@shuoshi/db';
import type { RenditionStatus } from '../../recording/rendition-queue';
import type { Verification } from '../../recording/verify';
import { iso, isoOrNull } from '../schemas';


export const recordingView = (r: Recording): Static<typeof RecordingView> => ({
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

export const verificationView = (v: Verification): Static<typeof VerificationView> => ({ ...v, checkedAt: iso(v.checkedAt) });

export const renditionView = (sessionId: string, s: RenditionStatus | undefined, stored: Recording | null): Static<typeof RenditionView> => {
  if (s && (s.state !== 'failed' || !stored)) return { sessionId, state: s.state, progress: s.progress, recordingId: s.recordingId ?? null, error: s.error ?? null };
  return stored ? { sessionId, state: 'done', progress: 1, recordingId: stored.id, error: null } : { sessionId, state: 'none', progress: 0, recordingId: null, error: null };
};
