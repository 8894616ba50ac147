import fs from 'node:fs/promises';
import { RecordingErrors } from './errors';
import { sha256File } from './hashing';
import { resolveStored } from './paths';
import type { RecordingStore } from './store';

export interface Verification {
  recordingId: string;
  /** The file is there and its SHA-256 and size are those recorded when it was finalised. */
  ok: boolean;
  expectedSha256: string;
  actualSha256: string | null;
  expectedBytes: number | null;
  actualBytes: number | null;
  missing: boolean;
  checkedAt: Date;
}

/** Recomputes a recording's SHA-256 and compares it with the one stored when the file was finalised. */
export async function verifyRecording(store: RecordingStore, recordingsDir: string, id: string): Promise<Verification> {
  const row = await store.get(id);
  if (!row) throw RecordingErrors.notFound(id);
  if (!row.sha256) throw RecordingErrors.notFinalised(id);
  const file = resolveStored(recordingsDir, row.path);
  const expectedBytes = row.bytes === null ? null : Number(row.bytes);
  const base = { recordingId: id, expectedSha256: row.sha256, expectedBytes, checkedAt: new Date() };
  if (!(await fs.stat(file).catch(() => undefined))) return { ...base, ok: false, actualSha256: null, actualBytes: null, missing: true };
  const { sha256, bytes } = await sha256File(file);
  return { ...base, ok: sha256 === row.sha256 && (expectedBytes === null || bytes === expectedBytes), actualSha256: sha256, actualBytes: bytes, missing: false };
}
