import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
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

export type RenditionPhase = 'queued' | 'running' | 'done' | 'failed';

/** What the UI/API shows about a session's rendition. */
export interface RenditionStatus {
  sessionId: string;
  state: RenditionPhase;
  /** 0–1, from ffmpeg's progress reports. */
  progress: number;
  queuedAt: Date;
  startedAt?: Date;
  finishedAt?: Date;
  /** The RENDITION recording, once done. */
  recordingId?: string;
  error?: string;
}

export interface RenditionQueueOptions {
  store: RecordingStore;
  recordingsDir: string;
  tools: MediaTools;
  /** CJK font for participant labels; omitted or missing → no labels. */
  fontFile?: string;
  /** CPU niceness of the transcode (default 10): live calls come first. */
  nice?: number;
  log: Logger;
}

/** Debian's fonts-wqy-microhei: Chinese participant labels on the tiles. */
export const DEFAULT_LABEL_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/** Label of the rendition's Recording row. */
export const RENDITION_LABEL = '全体（合成）';

/**
 * After a session, one playable file of it: a background job, one at a time (the
 * machines have two cores and live calls come first), with progress as events,
 * logs at every 10 %, and status() for the API. The track originals are kept.
 */
export class RenditionQueue extends EventEmitter<{ progress: [RenditionStatus]; done: [RenditionStatus]; failed: [RenditionStatus] }> {
  private readonly statuses = new Map<string, RenditionStatus>();
  private readonly waiting: string[] = [];
  private running: { sessionId: string; child?: ChildProcess } | undefined;
  private encoder: Promise<'libx264' | 'libvpx'> | undefined;
  private closed = false;
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly o: RenditionQueueOptions) {
    super();
  }

  status(sessionId: string): RenditionStatus | undefined {
    const s = this.statuses.get(sessionId);
    return s && { ...s };
  }

  /** Queues a session's rendition; RENDITION_ALREADY_QUEUED while one is queued or running. */
  enqueue(sessionId: string): RenditionStatus {
    if (this.closed) throw new Error('the rendition queue is closed');
    const current = this.statuses.get(sessionId);
    if (current && (current.state === 'queued' || current.state === 'running')) throw RecordingErrors.renditionBusy(sessionId);
    const status: RenditionStatus = { sessionId, state: 'queued', progress: 0, queuedAt: new Date() };
    this.statuses.set(sessionId, status);
    this.waiting.push(sessionId);
    this.o.log.info({ sessionId, position: this.waiting.length }, 'rendition queued');
    void this.pump();
    return { ...status };
  }

  /** Resolves when nothing is queued or running. */
  idle(): Promise<void> {
    if (!this.running && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops the running transcode (its partial output is removed) and drops the queue. */
  async close(): Promise<void> {
    this.closed = true;
    this.waiting.length = 0;
    const child = this.running?.child;
    if (child) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }

  private async pump(): Promise<void> {
    if (this.running || this.closed) return;
    const sessionId = this.waiting.shift();
    if (!sessionId) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
      return;
    }
    this.running = { sessionId };
    const status = this.statuses.get(sessionId)!;
    const log = this.o.log.child({ sessionId });
    status.state = 'running';
    status.startedAt = new Date();
    this.emit('progress', { ...status });
    try {
      status.recordingId = await this.render(sessionId, status, log);
      status.state = 'done';
      status.progress = 1;
      status.finishedAt = new Date();
      log.info({ recordingId: status.recordingId, ms: status.finishedAt.getTime() - status.startedAt.getTime() }, 'rendition done');
      this.emit('done', { ...status });
    } catch (err) {
      status.state = 'failed';
      status.error = err instanceof Error ? err.message : String(err);
      status.finishedAt = new Date();
      if (this.closed) log.warn({ err }, 'rendition interrupted by shutdown: it is queued again at the next start');
      else log.error({ err }, 'rendition failed');
      this.emit('failed', { ...status });
    } finally {
      this.running = undefined;
      void this.pump();
    }
  }

  private async render(sessionId: string, status: RenditionStatus, log: Logger): Promise<string> {
    const session = await this.o.store.session(sessionId);
    if (!session) throw new Error(`session ${sessionId} not found`);
    const rows = (await this.o.store.finishedTracks(sessionId)).filter((r) => r.durationMs !== null && r.durationMs > 0);
    if (rows.length === 0) throw RecordingErrors.nothingToRender(sessionId);
    const tracks: RenditionTrack[] = rows.map((r) => ({
      file: resolveStored(this.o.recordingsDir, r.path),
      kind: r.kind as 'AUDIO' | 'VIDEO',
      label: r.participantLabel,
      startedAt: r.startedAt,
      durationMs: r.durationMs!,
    }));
    const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'shuoshi-rendition-'));
    const folder = sessionFolder(session);
    const rel = path.join(folder, `${fileStamp(new Date())}_rendition_${randomBytes(3).toString('hex')}`);
    const encoder = await this.videoEncoder();
    const ext = encoder === 'libx264' ? 'mp4' : 'webm';
    const finalFile = resolveStored(this.o.recordingsDir, `${rel}.${ext}`);
    const partFile = `${finalFile}.part`;
    try {
      const fontFile = await this.usableFont();
      const plan = planRendition(tracks, { output: partFile, workDir, fontFile, video: { encoder, fps: 15 } });
      await fs.writeFile(path.join(workDir, 'graph.txt'), plan.filterScript);
      for (const [name, text] of plan.labelFiles) await fs.writeFile(path.join(workDir, name), text);
      log.info({ tracks: tracks.length, participants: plan.participants.length, durationMs: plan.durationMs, size: `${plan.width}x${plan.height}`, encoder }, 'rendition started');
      await this.transcode(plan.args, plan.durationMs, status, log);
      await fs.rename(partFile, finalFile);
      const [probe, hash] = await Promise.all([probeMedia(this.o.tools, finalFile), sha256File(finalFile)]);
      const row = await this.o.store.create({ sessionId, participantLabel: RENDITION_LABEL, kind: 'RENDITION', path: `${rel}.${ext}`, startedAt: plan.origin });
      await this.o.store.finish(row.id, { endedAt: new Date(plan.origin.getTime() + plan.durationMs), durationMs: probe.durationMs, bytes: hash.bytes, sha256: hash.sha256, interrupted: false });
      await this.o.store.prisma.auditLog.create({
        data: { actorType: 'SYSTEM', action: 'recording.rendition', entityType: 'Recording', entityId: row.id, caseId: session.caseId, details: { sessionId, sha256: hash.sha256, tracks: rows.map((r) => r.id) } },
      });
      return row.id;
    } finally {
      await fs.rm(workDir, { recursive: true, force: true });
      await fs.rm(partFile, { force: true });
    }
  }

  private async transcode(args: string[], durationMs: number, status: RenditionStatus, log: Logger): Promise<void> {
    const child = spawnTool(this.o.tools.ffmpeg, ['-hide_banner', '-nostdin', '-loglevel', 'error', '-nostats', '-progress', 'pipe:1', '-y', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      nice: this.o.nice ?? 10,
      tieToParent: true,
    });
    this.running!.child = child;
    let stderr = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-4000)));
    let lastDecile = 0;
    for await (const line of readline.createInterface({ input: child.stdout! })) {
      const m = /^out_time_(?:us|ms)=(\d+)/.exec(line);
      if (!m) continue;
      const progress = Math.min(1, Number(m[1]) / 1000 / durationMs);
      if (progress <= status.progress) continue;
      status.progress = progress;
      this.emit('progress', { ...status });
      const decile = Math.floor(progress * 10);
      if (decile > lastDecile) {
        lastDecile = decile;
        log.info({ progress: Math.round(progress * 100) / 100 }, 'rendition progress');
      }
    }
    const { code, signal } = await exited(child);
    if (code !== 0) throw RecordingErrors.toolFailed('ffmpeg (rendition)', signal ? `killed by ${signal}` : stderr.trim().split('\n').slice(-3).join(' | ') || `exit ${code}`);
  }

  /** H.264 (libx264 in Debian's ffmpeg) when available: cheap to encode, plays everywhere. */
  private videoEncoder(): Promise<'libx264' | 'libvpx'> {
    this.encoder ??= runTool(this.o.tools.ffmpeg, ['-hide_banner', '-encoders'], { timeoutMs: 10_000 }).then((r) => (/\blibx264\b/.test(r.stdout) ? 'libx264' : 'libvpx'));
    return this.encoder;
  }

  private async usableFont(): Promise<string | undefined> {
    const f = this.o.fontFile;
    if (!f || !/^[\w./-]+$/.test(f)) return undefined;
    return (await fs.stat(f).catch(() => undefined)) ? f : undefined;
  }
}
