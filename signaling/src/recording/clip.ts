import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Recording } from '@shuoshi/db';
import type { Logger } from '../logger';
import { RecordingErrors } from './errors';
import { sha256File } from './hashing';
import { fileStamp, resolveStored, sessionFolder } from './paths';
import { probeMedia } from './probe';
import type { RecordingStore } from './store';
import { runTool, type MediaTools } from './tools';

export interface ClipRequest {
  sessionId: string;
  /** The stretch of the session, in ms from its first recorded track (the rendition's timeline). */
  fromMs: number;
  toMs: number;
  /** The verbal agreement it backs. */
  outcomeId?: string;
  label?: string;
}

export interface ClipDeps {
  store: RecordingStore;
  recordingsDir: string;
  tools: MediaTools;
  log: Logger;
}

const MAX_CLIP_MS = 60 * 60_000;
export const CLIP_LABEL = '口头协议片段';

/**
 * Cuts the marked stretch out of every track of the session that covers it, without
 * transcoding (`-ss/-to -c copy`), into one Matroska file (one stream per track,
 * each titled with its participant, aligned as in the session). Video starts at the
 * keyframe at or before the mark (the recorder asks for one every few seconds), so
 * a clip may begin a little early, never late. The file is hashed and stored as a
 * CLIP recording linked to the outcome.
 */
export async function cutClip(deps: ClipDeps, req: ClipRequest): Promise<Recording> {
  const { store, recordingsDir, tools, log } = deps;
  if (!Number.isInteger(req.fromMs) || !Number.isInteger(req.toMs) || req.fromMs < 0 || req.toMs <= req.fromMs) {
    throw RecordingErrors.badClipWindow('mark a start and an end after it (ms from the start of the recording)');
  }
  if (req.toMs - req.fromMs > MAX_CLIP_MS) throw RecordingErrors.badClipWindow('a clip is at most one hour');
  const session = await store.session(req.sessionId);
  if (!session) throw RecordingErrors.notFound(`session ${req.sessionId}`);
  const tracks = (await store.finishedTracks(req.sessionId)).filter((r) => r.durationMs);
  if (tracks.length === 0) throw RecordingErrors.nothingToRender(req.sessionId);
  const origin = Math.min(...tracks.map((t) => t.startedAt.getTime()));
  const sessionMs = Math.max(...tracks.map((t) => t.startedAt.getTime() - origin + t.durationMs!));
  if (req.fromMs >= sessionMs) throw RecordingErrors.badClipWindow(`the recording is ${sessionMs} ms long`);
  const toMs = Math.min(req.toMs, sessionMs);

  const inputs: string[] = [];
  const maps: string[] = [];
  const used: Recording[] = [];
  const s = (ms: number) => (ms / 1000).toFixed(3);
  for (const t of tracks) {
    const off = t.startedAt.getTime() - origin;
    const inStart = Math.max(0, req.fromMs - off);
    const inEnd = Math.min(t.durationMs!, toMs - off);
    if (inEnd <= inStart) continue;
    const delay = Math.max(0, off - req.fromMs);
    const i = used.length;
    inputs.push('-ss', s(inStart), '-to', s(inEnd), '-itsoffset', s(delay), '-i', resolveStored(recordingsDir, t.path));
    maps.push('-map', `${i}:0`, `-metadata:s:${i}`, `title=${t.participantLabel} ${t.kind === 'AUDIO' ? '音频' : '视频'}`);
    used.push(t);
  }
  if (used.length === 0) throw RecordingErrors.badClipWindow('no track covers that stretch');

  const rel = path.join(sessionFolder(session), 'clips', `${fileStamp(new Date())}_clip_${randomBytes(3).toString('hex')}.mkv`);
  const file = resolveStored(recordingsDir, rel);
  await fs.mkdir(path.dirname(file), { recursive: true });
  const r = await runTool(tools.ffmpeg, [
    '-hide_banner', '-nostdin', '-loglevel', 'error', ...inputs, ...maps,
    '-c', 'copy', '-metadata', `title=${req.label ?? CLIP_LABEL} ${s(req.fromMs)}–${s(toMs)}s`, '-f', 'matroska', '-n', file,
  ], { timeoutMs: 120_000 });
  if (r.code !== 0) {
    await fs.rm(file, { force: true });
    throw RecordingErrors.toolFailed('ffmpeg (clip)', r.stderr.trim().split('\n').slice(-2).join(' | ') || `exit ${r.code}`);
  }
  const [probe, hash] = await Promise.all([probeMedia(tools, file), sha256File(file)]);
  const row = await store.create({
    sessionId: req.sessionId,
    participantLabel: req.label ?? CLIP_LABEL,
    kind: 'CLIP',
    path: rel,
    startedAt: new Date(origin + req.fromMs),
    clipFromMs: req.fromMs,
    clipToMs: toMs,
    ...(req.outcomeId ? { outcomeId: req.outcomeId } : {}),
  });
  const done = await store.finish(row.id, { endedAt: new Date(origin + toMs), durationMs: probe.durationMs, bytes: hash.bytes, sha256: hash.sha256, interrupted: false });
  log.info({ sessionId: req.sessionId, recordingId: row.id, fromMs: req.fromMs, toMs, tracks: used.length, sha256: hash.sha256 }, 'clip cut');
  return done;
}
