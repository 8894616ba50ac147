import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Nullable, StringEnum, Uuid } from './common';

/** What the API shows of a recording, its verification and the session rendition. */
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
  segment: Nullable(
    Type.Integer({
      minimum: 1,
      description:
        "a participant track: which segment of this person's track (same session, label and kind) it is, 1 for the first; a recording stopped and started again (consent, a caucus, the room moving to another server) goes on in a new segment. null for renditions and clips",
    }),
  ),
  gapBeforeMs: Nullable(Type.Integer({ minimum: 0, description: 'from the end of the previous segment to the start of this one (ms); null for a first segment, or when the previous one has no end yet' })),
  outcomeId: Nullable(Uuid),
  clipFromMs: Nullable(Type.Integer()),
  clipToMs: Nullable(Type.Integer()),
  mediaUrl: Type.String({ description: 'authorised streaming with HTTP Range; add ?download=1 to save it' }),
});
export type RecordingView = Static<typeof RecordingView>;

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
export type VerificationView = Static<typeof VerificationView>;

export const RenditionView = Type.Object({
  sessionId: Uuid,
  state: StringEnum(['none', 'queued', 'running', 'done', 'failed']),
  progress: Type.Number({ minimum: 0, maximum: 1 }),
  recordingId: Nullable(Uuid),
  error: Nullable(Type.String()),
});
export type RenditionView = Static<typeof RenditionView>;

/** Where a <video>/<audio> element plays a recording from (POST /api/recordings/:id/play): a grant for a short while. */
export const PlayAddressView = Type.Object({ url: Type.String(), expiresAt: DateTime });
export type PlayAddressView = Static<typeof PlayAddressView>;
