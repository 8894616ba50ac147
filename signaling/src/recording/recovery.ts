import fs from 'node:fs/promises';
import type { Logger } from '../logger';
import { fileFacts } from './finalise';
import { resolveStored } from './paths';
import type { RecordingStore } from './store';
import type { MediaTools } from './tools';

/** A file untouched this long is not being written (recordings flush twice a second). */
const QUIET_MS = 30_000;

export interface RecoveryOptions {
  store: RecordingStore;
  recordingsDir: string;
  tools: MediaTools;
  log: Logger;
  /** Rows being written on this node. */
  skip?: ReadonlySet<string>;
  /** Only this session's rows (a room taken over from a node that died). */
  sessionId?: string;
  quietMs?: number;
}

export interface RecoveryResult {
  recovered: number;
  removed: number;
  /** Rows left for later: their file was written to too recently. */
  waiting: number;
}

/**
 * Track recordings whose writer died (server or ffmpeg killed; on any node: the recordings
 * directory is shared) have rows without a hash. Their files play up to the last cluster
 * written; this gives them their size, hash and playable duration, marked `interrupted`,
 * ending at the file's last write, with a `recording.finalise` audit row. Rows of files
 * still being written (this node's, or written to within `quietMs`) are left alone; a row
 * without any file is removed. Each row is finished once across the nodes: the update is
 * conditional on the row being unfinished, and only the node whose update took writes the
 * audit row.
 */
export async function recoverInterruptedRecordings(o: RecoveryOptions): Promise<RecoveryResult> {
  const r: RecoveryResult = { recovered: 0, removed: 0, waiting: 0 };
  for (const row of await o.store.unfinishedTracks(o.sessionId)) {
    if (o.skip?.has(row.id)) continue;
    const file = resolveStored(o.recordingsDir, row.path);
    const stat = await fs.stat(file).catch(() => undefined);
    const lastWrite = stat?.mtime ?? row.startedAt;
    if (Date.now() - lastWrite.getTime() < (o.quietMs ?? QUIET_MS)) {
      r.waiting++;
      continue;
    }
    const log = o.log.child({ recordingId: row.id, sessionId: row.sessionId });
    const facts = await fileFacts(o.tools, file, { endedAt: lastWrite, interrupted: true }, log);
    if (!facts) {
      if (await o.store.removeUnfinished(row.id)) {
        r.removed++;
        log.warn({ file: row.path }, 'interrupted recording left no media: row removed');
      }
      continue;
    }
    if (!(await o.store.finishOnce(row.id, { ...facts, interrupted: true }))) continue; // another node finished it
    r.recovered++;
    const caseId = (await o.store.session(row.sessionId))?.caseId ?? null;
    await o.store
      .auditSystem({ action: 'recording.finalise', recordingId: row.id, caseId, details: { sessionId: row.sessionId, reason: 'recovered', sha256: facts.sha256, bytes: facts.bytes, durationMs: facts.durationMs, interrupted: true } })
      .catch((err: unknown) => log.error({ err }, 'cannot write the audit row'));
    log.warn({ file: row.path, durationMs: facts.durationMs, bytes: facts.bytes, sha256: facts.sha256 }, 'interrupted recording recovered');
  }
  return r;
}
