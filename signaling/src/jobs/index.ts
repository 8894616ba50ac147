import type { Logger } from '../logger';
import type { SweepJobs } from '../queue/sweeper';
import type { RenditionJobs } from '../recording/rendition-queue';
import { JobEngine, type ExecuteSql, type JobKind, type JobTiming } from './engine';

export { JobEngine, type ExecuteSql, type JobKind, type JobTiming } from './engine';

/**
 * The background work of the service, once across the nodes (issue #15): every kind of
 * job, its policy and its schedule, in one table. The features declare what they need
 * (queue/sweeper.ts `SweepJobs`, recording/rendition-queue.ts `RenditionJobs`) and this
 * module implements it; imports go jobs/ → features, never back.
 */
export const JOB_KINDS = {
  /** The consultation queue's time-outs: one waiting job per instant, and one a minute. */
  queueTimeout: { name: 'queue-timeout', policy: 'short', expireInSeconds: 60, retryLimit: 5, retryDelaySeconds: 1 },
  /**
   * Recovery of interrupted recordings + the retention purge: one waiting at most (two
   * running at once, after a purge longer than its period, is harmless: each deletion is
   * conditional). Not `stately`: pg-boss 10 fails a whole fetch when a waiting job's key
   * is already running there.
   */
  recordingPurge: { name: 'recording-purge', policy: 'short', expireInSeconds: 3600, retryLimit: 2, retryDelaySeconds: 60 },
  /**
   * A session's rendition (expiry per job: it depends on the session's length); one
   * waiting and one running per session, and `request` sends none while one is waiting
   * or running (see recordingPurge on pg-boss' fetch).
   */
  rendition: { name: 'rendition', policy: 'stately', expireInSeconds: 3600, retryLimit: 3, retryDelaySeconds: 10 },
} as const satisfies Record<string, JobKind>;

/** Every minute: a safety net for a broken chain of time-out sweeps (a sweep is one cheap query). */
const QUEUE_SWEEP_CRON = '* * * * *';
/** Every six hours on the hour (UTC). */
export const DEFAULT_PURGE_CRON = '0 */6 * * *';

/** What this node runs when it takes a job (server.ts passes the features' methods). */
export interface JobWorkers {
  sweepQueue(): Promise<void>;
  housekeeping(): Promise<void>;
  /** `signal`: aborted when the job is about to expire (stop the transcode). */
  render(sessionId: string, signal: AbortSignal): Promise<void>;
}

export interface ServeOptions {
  /** The retention purge's schedule (cron, UTC); null: not scheduled (tests). */
  purgeCron?: string | null;
  /** A purge this long after start (once across the nodes); null: none. Default 10 s. */
  firstPurgeAfterMs?: number | null;
}

export class Jobs implements SweepJobs, RenditionJobs {
  private constructor(
    readonly engine: JobEngine,
    private readonly log: Logger,
  ) {}

  /** Starts the engine on the service's database and declares every kind of job. */
  static async start(o: { sql: ExecuteSql; log: Logger; timing?: Partial<JobTiming> }): Promise<Jobs> {
    const engine = await JobEngine.start(o);
    try {
      for (const kind of Object.values(JOB_KINDS)) await engine.define(kind);
    } catch (err) {
      await engine.stop({ graceful: false });
      throw err;
    }
    return new Jobs(engine, o.log);
  }

  /** This node takes jobs from now on; the schedules are (re)declared, once for all nodes. */
  async serve(w: JobWorkers, o: ServeOptions = {}): Promise<void> {
    const e = this.engine;
    await e.work(JOB_KINDS.queueTimeout.name, () => w.sweepQueue());
    await e.work(JOB_KINDS.recordingPurge.name, () => w.housekeeping());
    await e.work<{ sessionId: string }>(JOB_KINDS.rendition.name, (job) => w.render(job.data.sessionId, job.signal));
    await e.every(JOB_KINDS.queueTimeout.name, QUEUE_SWEEP_CRON);
    const purgeCron = o.purgeCron === undefined ? DEFAULT_PURGE_CRON : o.purgeCron;
    if (purgeCron) await e.every(JOB_KINDS.recordingPurge.name, purgeCron);
    else await e.unschedule(JOB_KINDS.recordingPurge.name);
    const first = o.firstPurgeAfterMs === undefined ? 10_000 : o.firstPurgeAfterMs;
    if (first !== null) await e.send(JOB_KINDS.recordingPurge.name, {}, { startAfter: new Date(Date.now() + first) });
    this.log.info({ purgeCron }, 'background jobs served');
  }

  async sweepAt(at?: Date): Promise<void> {
    await this.engine.send(JOB_KINDS.queueTimeout.name, {}, at ? { key: at.toISOString(), startAfter: at } : { key: 'now' });
  }

  async request(sessionId: string, expireInSeconds: number): Promise<boolean> {
    if (await this.engine.holds(JOB_KINDS.rendition.name, sessionId)) return false;
    return (await this.engine.send(JOB_KINDS.rendition.name, { sessionId }, { key: sessionId, expireInSeconds })) !== null;
  }

  async stateOf(sessionId: string): Promise<'queued' | 'running' | undefined> {
    const held = await this.engine.holds(JOB_KINDS.rendition.name, sessionId);
    return held === 'running' ? 'running' : held === 'waiting' ? 'queued' : undefined;
  }

  /** Stops taking jobs (shutdown, before the features close: what runs goes on). */
  pause(): Promise<void> {
    return this.engine.pause();
  }

  /** Stops the engine; before the database closes. */
  stop(o?: { waitMs?: number; graceful?: boolean }): Promise<void> {
    return this.engine.stop(o);
  }
}
