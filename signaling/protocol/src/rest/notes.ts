import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Nullable, Uuid } from './common';

/** The most characters one session's notes may hold. */
export const NOTES_MAX_LENGTH = 20_000;

/** A session's private notes (调解笔录 draft), as the case's mediators read them (/api/sessions/:id/notes, /api/cases/:id/notes). */
export const SessionNotesView = Type.Object({
  sessionId: Uuid,
  text: Type.String(),
  /** How many times they were saved (0: never). */
  version: Type.Integer({ minimum: 0 }),
  updatedAt: Nullable(DateTime),
});
export type SessionNotesView = Static<typeof SessionNotesView>;

export const SaveNotesBody = Type.Object({ text: Type.String({ maxLength: NOTES_MAX_LENGTH }) }, { additionalProperties: false });
