import path from 'node:path';
import type { PrismaClient, Recording } from '@shuoshi/db';
import { sha256File } from '../../src/recording/hashing';
import { probeMedia } from '../../src/recording/probe';
import { defaultTools, runTool } from '../../src/recording/tools';

/** One participant track file of a session, as checked against its row. */
export interface SegmentCheck {
  id: string;
  label: string;
  kind: string;
  startedAt: Date;
  endedAt: Date | null;
  interrupted: boolean;
  /** The row has its hash (finalised), the file hashes to it and has its size. */
  hashOk: boolean;
  /** ffprobe reads a duration > 0 and ffmpeg decodes the whole file without an error. */
  plays: boolean;
  durationMs: number | null;
  problem?: string;
}

/** The session's participant tracks (oldest first). */
export function sessionTracks(prisma: PrismaClient, sessionId: string): Promise<Recording[]> {
  return prisma.recording.findMany({ where: { sessionId, kind: { in: ['AUDIO', 'VIDEO'] } }, orderBy: [{ startedAt: 'asc' }, { id: 'asc' }] });
}

/**
 * Every track file of a session checked as a court would (issue #15: "nothing already
 * written is lost or left unplayable"): its row finalised with a SHA-256 that the file on
 * disk still matches, and the file plays (ffprobe, then a full decode by ffmpeg).
 */
export async function checkSegments(prisma: PrismaClient, recordingsDir: string, sessionId: string): Promise<SegmentCheck[]> {
  const tools = defaultTools();
  const out: SegmentCheck[] = [];
  for (const r of await sessionTracks(prisma, sessionId)) {
    const file = path.join(recordingsDir, r.path);
    const c: SegmentCheck = { id: r.id, label: r.participantLabel, kind: r.kind, startedAt: r.startedAt, endedAt: r.endedAt, interrupted: r.interrupted, hashOk: false, plays: false, durationMs: r.durationMs };
    try {
      const { sha256, bytes } = await sha256File(file);
      c.hashOk = r.sha256 !== null && sha256 === r.sha256 && r.bytes !== null && Number(r.bytes) === bytes;
      if (!c.hashOk) c.problem = r.sha256 === null ? 'not finalised' : 'hash or size differs from the row';
      const probe = await probeMedia(tools, file);
      const decode = await runTool(tools.ffmpeg, ['-v', 'error', '-nostdin', '-i', file, '-f', 'null', '-'], { timeoutMs: 60_000 });
      c.plays = probe.durationMs > 0 && decode.code === 0;
      if (!c.plays) c.problem = `does not play: ${probe.durationMs} ms, ffmpeg ${decode.code} ${decode.stderr.trim().slice(-200)}`;
    } catch (err) {
      c.problem = (err as Error).message;
    }
    out.push(c);
  }
  return out;
}
