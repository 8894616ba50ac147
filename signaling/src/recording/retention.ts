import fs from 'node:fs/promises';
import path from 'node:path';
import type { Prisma, PrismaClient } from '@shuoshi/db';
import type { Logger } from '../logger';
import { resolveStored } from './paths';

export interface PurgeOptions {
  prisma: PrismaClient;
  recordingsDir: string;
  retentionDays: number;
  now?: Date;
  log: Logger;
}

export interface PurgeResult {
  cutoff: Date;
  purged: number;
  bytes: number;
  /** Expired recordings kept because their case is under legal hold. */
  held: number;
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Deletes recordings (files and rows) older than the retention period, counted from
 * when each ended. A case under legal hold keeps all of its recordings. Each
 * deletion is audited as the system, with the file's hash, in the transaction that
 * removes the row; the file goes right after (a file that cannot be removed is
 * logged, and its row is gone either way, so it is not purged twice).
 */
export async function purgeExpiredRecordings(o: PurgeOptions): Promise<PurgeResult> {
  const now = o.now ?? new Date();
  const cutoff = new Date(now.getTime() - o.retentionDays * DAY_MS);
  const expired: Prisma.RecordingWhereInput = {
    OR: [{ endedAt: { lt: cutoff } }, { endedAt: null, startedAt: { lt: new Date(cutoff.getTime() - DAY_MS) } }],
  };
  const notHeld: Prisma.RecordingWhereInput = { session: { OR: [{ caseId: null }, { case: { legalHold: false } }] } };
  const [rows, held] = await Promise.all([
    o.prisma.recording.findMany({ where: { AND: [expired, notHeld] }, include: { session: { select: { caseId: true } } }, orderBy: { startedAt: 'asc' } }),
    o.prisma.recording.count({ where: { AND: [expired, { session: { case: { legalHold: true } } }] } }),
  ]);
  let purged = 0;
  let bytes = 0;
  const folders = new Set<string>();
  for (const r of rows) {
    const gone = await o.prisma.$transaction(async (tx) => {
      // re-checked inside the transaction: a hold placed meanwhile wins
      const still = await tx.recording.deleteMany({ where: { id: r.id, ...notHeld } });
      if (still.count === 0) return false;
      await tx.auditLog.create({
        data: {
          actorType: 'SYSTEM',
          action: 'recording.purge',
          entityType: 'Recording',
          entityId: r.id,
          caseId: r.session.caseId,
          details: { sessionId: r.sessionId, kind: r.kind, path: r.path, sha256: r.sha256, bytes: r.bytes === null ? null : Number(r.bytes), retentionDays: o.retentionDays },
        },
      });
      return true;
    });
    if (!gone) continue;
    purged++;
    bytes += r.bytes === null ? 0 : Number(r.bytes);
    const file = resolveStored(o.recordingsDir, r.path);
    folders.add(path.dirname(file));
    await fs.rm(file, { force: true }).catch((err: unknown) => o.log.error({ err, file }, 'cannot delete a purged recording file'));
  }
  for (const folder of folders) await removeEmptyUpTo(folder, path.resolve(o.recordingsDir));
  const result = { cutoff, purged, bytes, held };
  if (purged > 0 || held > 0) o.log.info(result, 'retention purge');
  return result;
}

/** Removes `dir` and its parents while they are empty, stopping at `root`. */
async function removeEmptyUpTo(dir: string, root: string): Promise<void> {
  let d = dir;
  while (d.startsWith(root + path.sep)) {
    try {
      await fs.rmdir(d);
    } catch {
      return; // not empty (or already gone)
    }
    d = path.dirname(d);
  }
}
