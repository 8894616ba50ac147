import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import type { Logger } from '../logger';
import { RecordingErrors } from './errors';
import { renderSession, renditionEncoder, RENDITION_LABEL } from './rendition';
import type { RecordingStore } from './store';
import { exited, type MediaTools } from './tools';

export { RENDITION_LABEL };

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

/**
 * What the renditions need of the job engine (jobs/ implements it; server.ts wires it):
 * a rendition job per session, run by whichever node takes it, retried on another node
 * when the one running it dies (the job expires after `expireInSeconds`).
 */
export interface RenditionJobs {
  /** Queues the session's rendition; false when one is already waiting or running (on any node). */
  request(sessionId: string, expireInSeconds: number): Promise<boolean>;
  /** Whether the session's rendition waits or runs, on any node (undefined: neither). */
  stateOf(sessionId: string): Promise<'queued' | 'running' | undefined>;
}

export interface RenditionQueueOptions {
  store: RecordingStore;
  recordingsDir: string;
  tools: MediaTools;
  jobs: RenditionJobs;
  /** CJK font for participant labels; omitted or missing → no labels. */
  fontFile?: string;
  /** CPU niceness of the transcode (default 10): live calls come first. */
  nice?: number;
  /** A fixed expiry for the jobs sent from here, instead of one from each session's length. */
  expireInSeconds?: number;
  log: Logger;
}

/** Debian's fonts-wqy-microhei: Chinese participant labels on the tiles. */
export const DEFAULT_LABEL_FONT = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';

/**
 * After a session, one playable file of it, as a background job on the job engine:
 * `enqueue` sends the job, the engine runs `run` on one node at a time per session
 * (each node transcodes one at a time: two cores, and live calls come first), with
 * progress as events, logs at every 10 %, and status() for the API (this node's view:
 * the jobs it queued or ran). The track originals are kept.
 */
export class RenditionQueue extends EventEmitter<{ progress: [RenditionStatus]; done: [RenditionStatus]; failed: [RenditionStatus] }> {
  private readonly statuses = new Map<string, RenditionStatus>();
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

  /**
   * This node's status of the session's rendition, or else whether one waits or runs on
   * another node (its progress is not known here).
   */
  async statusAnywhere(sessionId: string): Promise<RenditionStatus | undefined> {
    const here = this.status(sessionId);
    if (here && (here.state === 'queued' || here.state === 'running')) return here;
    const state = await this.o.jobs.stateOf(sessionId);
    // done here: the job is still being marked completed, unless a new one waits
    if (!state || (here?.state === 'done' && state === 'running')) return here;
    return { sessionId, state, progress: 0, queuedAt: new Date() };
  }

  /** Queues a session's rendition; RENDITION_ALREADY_QUEUED while one is queued or running here. */
  enqueue(sessionId: string): RenditionStatus {
    const status = this.queued(sessionId);
    void this.send(sessionId).catch((err: unknown) => this.o.log.warn({ err, sessionId }, 'rendition not queued'));
    return status;
  }

  /** enqueue, answered once the job is stored; RENDITION_ALREADY_QUEUED when one waits on any node. */
  async request(sessionId: string): Promise<RenditionStatus> {
    const status = this.queued(sessionId);
    if (!(await this.send(sessionId))) throw RecordingErrors.renditionBusy(sessionId);
    return status;
  }

  /** Resolves when nothing this node queued is waiting or running. */
  idle(): Promise<void> {
    if (!this.busy()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * The job (run by the engine on this node): renders the session. Throws when it
   * fails, so that the engine retries it; a shutdown stops the transcode (its partial
   * output is removed) and the job runs again, here after a restart or on another node.
   */
  async run(sessionId: string, signal?: AbortSignal): Promise<void> {
    if (this.closed) throw new Error('the rendition queue is closed');
    // the engine gives the job up (it expired): stop this transcode, it runs again
    const giveUp = () => this.running?.sessionId === sessionId && this.running.child?.kill('SIGKILL');
    signal?.addEventListener('abort', giveUp, { once: true });
    const previous = this.statuses.get(sessionId);
    const status: RenditionStatus = { sessionId, state: 'running', progress: 0, queuedAt: previous?.queuedAt ?? new Date(), startedAt: new Date() };
    this.statuses.set(sessionId, status);
    this.running = { sessionId };
    const log = this.o.log.child({ sessionId });
    this.emit('progress', { ...status });
    try {
      this.encoder ??= renditionEncoder(this.o.tools);
      const watch = {
        progress: (p: number) => {
          status.progress = p;
          this.emit('progress', { ...status });
        },
        child: (c: ChildProcess) => {
          if (this.running) this.running.child = c;
          if (signal?.aborted) c.kill('SIGKILL');
        },
      };
      status.recordingId = await renderSession(this.o, await this.encoder, sessionId, watch, log);
      status.state = 'done';
      status.progress = 1;
      status.finishedAt = new Date();
      log.info({ recordingId: status.recordingId, ms: status.finishedAt.getTime() - status.startedAt!.getTime() }, 'rendition done');
      this.emit('done', { ...status });
    } catch (err) {
      status.state = 'failed';
      status.error = err instanceof Error ? err.message : String(err);
      status.finishedAt = new Date();
      if (this.closed) log.warn({ err }, 'rendition interrupted by shutdown: its job runs again');
      else log.error({ err }, 'rendition failed');
      this.emit('failed', { ...status });
      throw err;
    } finally {
      signal?.removeEventListener('abort', giveUp);
      this.running = undefined;
      this.settle();
    }
  }

  /** Stops the running transcode (its partial output is removed); the engine keeps the job. */
  async close(): Promise<void> {
    this.closed = true;
    const child = this.running?.child;
    if (child) {
      child.kill('SIGKILL');
      await exited(child);
    }
  }

  private queued(sessionId: string): RenditionStatus {
    if (this.closed) throw new Error('the rendition queue is closed');
    const current = this.statuses.get(sessionId);
    if (current && (current.state === 'queued' || current.state === 'running')) throw RecordingErrors.renditionBusy(sessionId);
    const status: RenditionStatus = { sessionId, state: 'queued', progress: 0, queuedAt: new Date() };
    this.statuses.set(sessionId, status);
    return { ...status };
  }

  /** Sends the job, with an expiry that a healthy transcode of this session never reaches. */
  private async send(sessionId: string): Promise<boolean> {
    let sent = false;
    try {
      sent = await this.o.jobs.request(sessionId, await this.expiryFor(sessionId));
      this.o.log.info({ sessionId }, sent ? 'rendition queued' : 'rendition already queued');
      return sent;
    } finally {
      // not sent (already waiting elsewhere, or an error): this node has nothing waiting for it
      if (!sent && this.statuses.get(sessionId)?.state === 'queued') {
        this.statuses.delete(sessionId);
        this.settle();
      }
    }
  }

  /** Three times the session's recorded span plus ten minutes, within 15 minutes and 20 hours. */
  private async expiryFor(sessionId: string): Promise<number> {
    if (this.o.expireInSeconds) return this.o.expireInSeconds;
    const tracks = await this.o.store.finishedTracks(sessionId);
    const start = Math.min(...tracks.map((t) => t.startedAt.getTime()));
    const end = Math.max(...tracks.map((t) => t.startedAt.getTime() + (t.durationMs ?? 0)));
    const spanS = tracks.length > 0 ? Math.max(0, (end - start) / 1000) : 0;
    return Math.round(Math.min(20 * 3600, Math.max(900, spanS * 3 + 600)));
  }

  private busy(): boolean {
    return [...this.statuses.values()].some((s) => s.state === 'queued' || s.state === 'running');
  }

  private settle(): void {
    if (this.busy()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
