export { RecordingView, RenditionView, VerificationView } from '@shuoshi/protocol';
import type { Static } from '@sinclair/typebox';
import { RecordingView, RenditionView, VerificationView } from '@shuoshi/protocol';
import type { Recording } from '@shuoshi/db';
import type { RenditionStatus } from '../../recording/rendition-queue';
import type { Verification } from '../../recording/verify';
import { iso, isoOrNull } from '../schemas';


/** Where a participant track stands among its person's segments (same session, label and kind). */
export interface TrackSegment {
  segment: number;
  gapBeforeMs: number | null;
}

const isTrack = (r: Recording) => r.kind === 'AUDIO' || r.kind === 'VIDEO';

/**
 * Numbers each person's track segments by start, with the gap since the segment before: a
 * recording stopped and started again (consent, a caucus, the room's node died or drained
 * and the recording went on on another node) is one track in several files.
 */
export function trackSegments(rows: Recording[]): Map<string, TrackSegment> {
  const byTrack = new Map<string, Recording[]>();
  for (const r of rows.filter(isTrack)) {
    const key = JSON.stringify([r.sessionId, r.participantLabel, r.kind]);
    byTrack.set(key, [...(byTrack.get(key) ?? []), r]);
  }
  const out = new Map<string, TrackSegment>();
  for (const track of byTrack.values()) {
    track.sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime() || a.id.localeCompare(b.id));
    track.forEach((r, i) => {
      const prev = track[i - 1]?.endedAt;
      out.set(r.id, { segment: i + 1, gapBeforeMs: prev ? Math.max(0, r.startedAt.getTime() - prev.getTime()) : null });
    });
  }
  return out;
}

export const recordingView = (r: Recording, seg?: TrackSegment): Static<typeof RecordingView> => ({
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
  segment: isTrack(r) ? (seg?.segment ?? 1) : null,
  gapBeforeMs: isTrack(r) ? (seg?.gapBeforeMs ?? null) : null,
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
