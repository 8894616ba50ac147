import path from 'node:path';

/**
 * Where evidence lives under the recordings directory: one folder per case and
 * session, `<caseId>/<sessionId>/` (`consultations/<sessionId>/` for a legal
 * consultation, which has no case). Rows store paths relative to the recordings
 * directory, so the directory can move.
 */
export function sessionFolder(session: { id: string; caseId: string | null }): string {
  return session.caseId ? path.join(session.caseId, session.id) : path.join('consultations', session.id);
}

/** A file name that says what it is, safe on any file system: `20261123T215800Z_video_<label>_<tag>.webm`. */
export function trackFileName(o: { startedAt: Date; kind: string; label: string; tag: string; ext: string }): string {
  return `${fileStamp(o.startedAt)}_${o.kind}_${slug(o.label)}_${o.tag}.${o.ext}`;
}

/** `20261123T215800Z` */
export function fileStamp(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
}

/** Letters (any script), digits, '-' and '_' only; at most 40 characters. */
export function slug(label: string): string {
  const s = label.normalize('NFC').replace(/[^\p{L}\p{N}_-]+/gu, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return s || 'participant';
}

/** The absolute path of a stored relative path; throws if it would leave the recordings directory. */
export function resolveStored(recordingsDir: string, stored: string): string {
  const root = path.resolve(recordingsDir);
  const abs = path.resolve(root, stored);
  if (abs !== root && !abs.startsWith(root + path.sep)) throw new Error(`stored path escapes the recordings directory: ${stored}`);
  return abs;
}
