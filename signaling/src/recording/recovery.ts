import fs from 'node:fs/promises';
import type { Logger } from '../logger';
import { fileFacts } from './finalise';
import { resolveStored } from './paths';
import type { RecordingStore } from './store';
import type { MediaTools } from './tools';

/** A file untouched this long is not being written (recordings flush twice a second). */
const QUIET_MS = 30_000;

/**
 * At start-up: track recordings whose writer died (server or ffmpeg killed) have
 * rows without a hash. Their files play up to the last cluster written; this gives
 * them their size, hash and playable duration, marked `interrupted`, ending at the
 * file's last write. Rows of files still being written (another node's, or too
 * recent) are left alone; a row without any file is removed.
 */
export async function recoverInterruptedRecordings(o: { store: RecordingStore; recordingsDir: string; tools: MediaTools; log: Logger; skip?: ReadonlySet<string>; quietMs?: number }): Promise<{ recovered: number; removed: number }> {
  let recovered = 0;
  let removed = 0;
  for (const row of await o.store.unfinishedTracks()) {
    if (o.skip?.has(row.id)) continue;
    const file = resolveStored(o.recordingsDir, row.path);
    const stat = await fs.stat(file).catch(() => undefined);
    const lastWrite = stat?.mtime ?? row.startedAt;
    if (Date.now() - lastWrite.getTime() < (o.quietMs ?? QUIET_MS)) continue;
    const log = o.log.child({ recordingId: row.id, sessionId: row.sessionId });
    const facts = await fileFacts(o.tools, file, { endedAt: lastWrite, interrupted: true }, log);
    if (!facts) {
      await o.store.remove(row.id);
      removed++;
      log.warn({ file: row.path }, 'interrupted recording left no media: row removed');
      continue;
    }
    await o.store.finish(row.id, { ...facts, interrupted: true });
    recovered++;
    log.warn({ file: row.path, durationMs: facts.durationMs, bytes: facts.bytes }, 'interrupted recording recovered');
  }
  return { recovered, removed };
}
