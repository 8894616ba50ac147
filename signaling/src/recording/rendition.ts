import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { Logger } from '../logger';
import { RecordingErrors } from './errors';
import { sha256File } from './hashing';
import { fileStamp, resolveStored, sessionFolder } from './paths';
import { probeMedia } from './probe';
import { planRendition, type RenditionTrack } from './rendition-plan';
import type { RecordingStore } from './store';
import { exited, runTool, spawnTool, type MediaTools } from './tools';

/** Label of the rendition's Recording row. */
export const RENDITION_LABEL = '全体（合成）';

/** A `.part` untouched this long belongs to a transcode that died (ffmpeg reports twice a second). */
const STALE_PART_MS = 60_000;

export interface RenderOptions {
  store: RecordingStore;
  recordingsDir: string;
  tools: MediaTools;
  fontFile?: string;
  nice?: number;
  log: Logger;
}

/** What one transcode reports while it runs. */
export interface RenderWatch {
  /** 0–1, from ffmpeg's progress reports (only ever rising). */
  progress(p: number): void;
  /** The ffmpeg process, so that a shutdown can stop it. */
  child(c: ChildProcess): void;
}

/**
 * One session's rendition: every finished track tiled into one playable file. ffmpeg
 * writes `<name>.part`, renamed when complete; the RENDITION row is written in one
 * transaction with its audit, with its hash already in it, so a transcode that dies
 * at any point never leaves a row that looks finished (at worst an unlisted file).
 * Leftover `.part` files of a dead earlier attempt are removed first.
 */
export async function renderSession(o: RenderOptions, encoder: 'libx264' | 'libvpx', sessionId: string, watch: RenderWatch, log: Logger): Promise<string> {
  const session = await o.store.session(sessionId);
  if (!session) throw new Error(`session ${sessionId} not found`);
  const rows = (await o.store.finishedTracks(sessionId)).filter((r) => r.durationMs !== null && r.durationMs > 0);
  if (rows.length === 0) throw RecordingErrors.nothingToRender(sessionId);
  const tracks: RenditionTrack[] = rows.map((r) => ({
    file: resolveStored(o.recordingsDir, r.path),
    kind: r.kind as 'AUDIO' | 'VIDEO',
    label: r.participantLabel,
    startedAt: r.startedAt,
    durationMs: r.durationMs!,
  }));
  const folder = sessionFolder(session);
  await removeStaleParts(resolveStored(o.recordingsDir, folder), log);
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shuoshi-rendition-'));
  const rel = path.join(folder, `${fileStamp(new Date())}_rendition_${randomBytes(3).toString('hex')}`);
  const ext = encoder === 'libx264' ? 'mp4' : 'webm';
  const finalFile = resolveStored(o.recordingsDir, `${rel}.${ext}`);
  const partFile = `${finalFile}.part`;
  try {
    const fontFile = await usableFont(o.fontFile);
    const plan = planRendition(tracks, { output: partFile, workDir, fontFile, video: { encoder, fps: 15 } });
    await fs.writeFile(path.join(workDir, 'graph.txt'), plan.filterScript);
    for (const [name, text] of plan.labelFiles) await fs.writeFile(path.join(workDir, name), text);
    log.info({ tracks: tracks.length, participants: plan.participants.length, durationMs: plan.durationMs, size: `${plan.width}x${plan.height}`, encoder }, 'rendition started');
    await transcode(o, plan.args, plan.durationMs, watch, log);
    await fs.rename(partFile, finalFile);
    const [probe, hash] = await Promise.all([probeMedia(o.tools, finalFile), sha256File(finalFile)]);
    const row = await o.store.prisma.$transaction(async (tx) => {
      const r = await tx.recording.create({
        data: {
          sessionId, participantLabel: RENDITION_LABEL, kind: 'RENDITION', path: `${rel}.${ext}`, startedAt: plan.origin,
          endedAt: new Date(plan.origin.getTime() + plan.durationMs), durationMs: probe.durationMs, bytes: BigInt(hash.bytes), sha256: hash.sha256, interrupted: false,
        },
      });
      await tx.auditLog.create({
        data: { actorType: 'SYSTEM', action: 'recording.rendition', entityType: 'Recording', entityId: r.id, caseId: session.caseId, details: { sessionId, sha256: hash.sha256, tracks: rows.map((t) => t.id) } },
      });
      return r;
    });
    return row.id;
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
    await fs.rm(partFile, { force: true });
  }
}

/** H.264 (libx264 in Debian's ffmpeg) when available: cheap to encode, plays everywhere. */
export async function renditionEncoder(tools: MediaTools): Promise<'libx264' | 'libvpx'> {
  const r = await runTool(tools.ffmpeg, ['-hide_banner', '-encoders'], { timeoutMs: 10_000 });
  return /\blibx264\b/.test(r.stdout) ? 'libx264' : 'libvpx';
}

async function transcode(o: RenderOptions, args: string[], durationMs: number, watch: RenderWatch, log: Logger): Promise<void> {
  const child = spawnTool(o.tools.ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    nice: o.nice ?? 10,
    tieToParent: true,
  });
  watch.child(child);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
  let last = 0;
  let lastDecile = 0;
  for await (const line of readline.createInterface({ input: child.stdout! })) {
    const m = /^out_time_(?:us|ms)=(\d+)/.exec(line);
    if (!m) continue;
    const progress = Math.min(1, Number(m[1]) / 1000 / durationMs);
    if (progress <= last) continue;
    last = progress;
    watch.progress(progress);
    const decile = Math.floor(progress * 10);
    if (decile > lastDecile) {
      lastDecile = decile;
      log.info({ progress: Math.round(progress * 100) / 100 }, 'rendition progress');
    }
  }
  const { code, signal } = await exited(child);
  if (code !== 0) throw RecordingErrors.toolFailed('ffmpeg (rendition)', signal ? `killed by ${signal}` : stderr.trim().split('\n').slice(-3).join(' | ') || `exit ${code}`);
}

/** Removes `*_rendition_*.part` files in a session's folder that nobody has written to for a minute. */
async function removeStaleParts(dir: string, log: Logger): Promise<void> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!/_rendition_[0-9a-f]+\.\w+\.part$/.test(name)) continue;
    const file = path.join(dir, name);
    const stat = await fs.stat(file).catch(() => undefined);
    if (!stat || Date.now() - stat.mtimeMs < STALE_PART_MS) continue;
    await fs.rm(file, { force: true });
    log.warn({ file: name }, 'removed the partial output of an interrupted rendition');
  }
}

async function usableFont(f: string | undefined): Promise<string | undefined> {
  if (!f || !/^[\w./-]+$/.test(f)) return undefined;
  return (await fs.stat(f).catch(() => undefined)) ? f : undefined;
}
