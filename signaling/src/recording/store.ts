import type { PrismaClient, Recording, RecordingKind } from '@shuoshi/db';

/** What a finished file is: when it ended, how long it plays, its size and SHA-256. */
export interface FileFacts {
  endedAt: Date;
  durationMs: number | null;
  bytes: number;
  sha256: string;
  interrupted: boolean;
}

/** What the recorder and the jobs need to know about a session. */
export interface RecordedSession {
  id: string;
  caseId: string | null;
  roomId: string;
  startedAt: Date | null;
  endedAt: Date | null;
}

/** The Recording rows of the recorder and the jobs (Prisma, PostgreSQL or embedded). */
export class RecordingStore {
  constructor(readonly prisma: PrismaClient) {}

  session(sessionId: string): Promise<RecordedSession | null> {
    return this.prisma.session.findUnique({ where: { id: sessionId }, select: { id: true, caseId: true, roomId: true, startedAt: true, endedAt: true } });
  }

  create(data: { sessionId: string; participantLabel: string; kind: RecordingKind; path: string; startedAt: Date; outcomeId?: string; clipFromMs?: number; clipToMs?: number }): Promise<Recording> {
    return this.prisma.recording.create({ data });
  }

  setStartedAt(id: string, startedAt: Date): Promise<unknown> {
    return this.prisma.recording.update({ where: { id }, data: { startedAt } });
  }

  finish(id: string, f: FileFacts): Promise<Recording> {
    return this.prisma.recording.update({
      where: { id },
      data: { endedAt: f.endedAt, durationMs: f.durationMs, bytes: BigInt(f.bytes), sha256: f.sha256, interrupted: f.interrupted },
    });
  }

  /**
   * Finishes a row nobody finished yet (its writer died): true for the one caller that
   * did it, false when another node (or the writer) got there first: exactly once.
   */
  async finishOnce(id: string, f: FileFacts): Promise<boolean> {
    const { count } = await this.prisma.recording.updateMany({
      where: { id, sha256: null },
      data: { endedAt: f.endedAt, durationMs: f.durationMs, bytes: BigInt(f.bytes), sha256: f.sha256, interrupted: f.interrupted },
    });
    return count === 1;
  }

  /** Removes a row only while it is unfinished (a file that never got media); true if it did. */
  async removeUnfinished(id: string): Promise<boolean> {
    const { count } = await this.prisma.recording.deleteMany({ where: { id, sha256: null } });
    return count === 1;
  }

  remove(id: string): Promise<unknown> {
    return this.prisma.recording.delete({ where: { id } });
  }

  /** An accountability row written by the system (recording started, finalised...). */
  async auditSystem(e: { action: string; recordingId: string; caseId: string | null; details: Record<string, string | number | boolean | null> }): Promise<void> {
    await this.prisma.auditLog.create({ data: { actorType: 'SYSTEM', action: e.action, entityType: 'Recording', entityId: e.recordingId, caseId: e.caseId, details: e.details } });
  }

  get(id: string): Promise<Recording | null> {
    return this.prisma.recording.findUnique({ where: { id } });
  }

  /** A session's finished per-track recordings (what renditions and clips are made of), oldest first. */
  finishedTracks(sessionId: string): Promise<Recording[]> {
    return this.prisma.recording.findMany({
      where: { sessionId, kind: { in: ['AUDIO', 'VIDEO'] }, sha256: { not: null } },
      orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
    });
  }

  /**
   * Sessions with a finished track newer than their latest rendition (or none): a
   * rendition that a restart interrupted, or never got to run. Row ids are UUID v7, so
   * comparing them compares creation times: a track of a later round is newer than the
   * rendition of the round before. A session with a track still being written (recorded now,
   * on this node or another: its room moved there after a failover) is left until it ends.
   */
  async sessionsToRender(): Promise<string[]> {
    const rows = await this.prisma.$queryRaw<Array<{ sessionId: string }>>`
      SELECT t.session_id::text AS "sessionId"
        FROM recordings t
       WHERE t.kind IN ('AUDIO', 'VIDEO') AND t.sha256 IS NOT NULL AND t.duration_ms > 0
         AND NOT EXISTS (SELECT 1 FROM recordings u WHERE u.session_id = t.session_id AND u.kind IN ('AUDIO', 'VIDEO') AND u.sha256 IS NULL)
       GROUP BY t.session_id
      HAVING max(t.id::text COLLATE "C") > coalesce(
        (SELECT max(r.id::text COLLATE "C") FROM recordings r WHERE r.session_id = t.session_id AND r.kind = 'RENDITION'), '')`;
    return rows.map((r) => r.sessionId);
  }

  /** Track rows never finished (their writer died), of one session or all: candidates for recovery. */
  unfinishedTracks(sessionId?: string): Promise<Recording[]> {
    return this.prisma.recording.findMany({ where: { kind: { in: ['AUDIO', 'VIDEO'] }, sha256: null, ...(sessionId ? { sessionId } : {}) } });
  }
}
