import PgBoss from 'pg-boss';
import type { Logger } from '../logger';

/**
 * The job engine: pg-boss on the PostgreSQL every node already shares (its tables in
 * schema `pgboss`). Chosen over BullMQ because the embedded single node has no Redis,
 * and over our own timers because a job lives in the database: any node takes it, a
 * node that dies holding one lets it expire and another retries it, and a schedule
 * fires once per period across the nodes (pg-boss keeps one cron clock in the
 * database and throttles each scheduled send to once a minute per queue name).
 *
 * pg-boss reaches the database through our own pool (`executeSql`): the embedded
 * default (PGlite behind its socket server, one connection) runs it unchanged, so
 * there is one engine for one node and for many.
 */

/** How pg-boss runs the SQL: our pg pool's query. */
export type ExecuteSql = (text: string, values?: unknown[]) => Promise<{ rows: unknown[] }>;

/**
 * pg-boss queue policies: `short` keeps one waiting job per key, `singleton` one running
 * per key, `stately` one waiting and one running per key, `standard` any number.
 */
export type JobPolicy = 'standard' | 'short' | 'singleton' | 'stately';

export interface JobKind {
  name: string;
  policy: JobPolicy;
  /** A job still running after this is taken as its node's death: it is retried (or failed) elsewhere. */
  expireInSeconds: number;
  retryLimit: number;
  retryDelaySeconds: number;
}

export interface JobTiming {
  /** How often each worker asks for a job (pg-boss' minimum is 0.5 s). */
  pollSeconds: number;
  /** How often expired jobs are looked for (the delay before a dead node's job is retried). */
  maintenanceSeconds: number;
  /** How often the schedules are checked (at most 60 s: a cron minute must not be missed). */
  cronSeconds: number;
  /**
   * How long a running job is held without its node renewing the hold (every third of
   * it): a node that dies (SIGKILL) lets its jobs go after this, not after their full
   * expiry (a rendition's may be hours). The expiry still bounds the job's own run.
   */
  holdSeconds: number;
}

/**
 * A job's outcome (completed, or failed to be retried): pg-boss does not await these
 * statements (manager.js onFetch), so a database error there would be an unhandled
 * rejection, which ends a Node process. It is logged instead: the job stays active,
 * expires, and runs again.
 */
const OUTCOME_SQL = /UPDATE \S+\.job\s+SET completed_on = now\(\)|WITH deleted_jobs AS/;

export const DEFAULT_JOB_TIMING: JobTiming = { pollSeconds: 1, maintenanceSeconds: 30, cronSeconds: 20, holdSeconds: 60 };

/**
 * A running job's hold: pg-boss 10 fails an active job once `started_on + expire_in` has
 * passed (its maintenance), and has no heartbeat of its own; so the node running it keeps
 * `expire_in` a hold ahead of now. pg-boss' own in-process limit (the expiry it fetched
 * with the job) is not touched: a job still cannot run past its expiry.
 */
const RENEW_HOLD_SQL = `UPDATE pgboss.job SET expire_in = LEAST(make_interval(secs => $4::float8), (now() - started_on) + make_interval(secs => $3::float8))
  WHERE name = $1 AND id = $2 AND state = 'active'`;

export interface RunningJob<T> {
  id: string;
  data: T;
  /** 0 the first time, then 1, 2… after a failure or an expiry. */
  attempt: number;
  /** Aborted just before the job expires: the engine gives it up then, and it may run elsewhere. */
  signal: AbortSignal;
}

export interface SendOptions {
  /** With the kind's policy: at most one job per key waiting (or running). */
  key?: string;
  startAfter?: Date;
  /** Overrides the kind's expiry for this job (a long rendition). */
  expireInSeconds?: number;
}

/** PostgreSQL's answers to two nodes making the same thing at once: deadlock, duplicate key, serialisation, duplicate table/schema/object. */
const RACE_CODES = new Set(['40P01', '23505', '40001', '42P07', '42P06', '42710']);

export class JobEngine {
  private readonly kinds = new Map<string, JobKind>();
  private stopped = false;

  private constructor(
    private readonly boss: PgBoss,
    private readonly log: Logger,
    private readonly timing: JobTiming,
  ) {}

  static async start(o: { sql: ExecuteSql; log: Logger; timing?: Partial<JobTiming> }): Promise<JobEngine> {
    const t = { ...DEFAULT_JOB_TIMING, ...o.timing };
    const executeSql = async (text: string, values?: unknown[]) => {
      try {
        return await o.sql(text, values);
      } catch (err) {
        if (!OUTCOME_SQL.test(text)) throw err;
        o.log.warn({ err }, "a job's outcome was not recorded: it runs again once expired");
        return { rows: [{ count: '0' }] };
      }
    };
    // nodes starting together on a fresh database create pg-boss's schema at once: one may
    // be refused (a duplicate, or a deadlock victim); it starts again and finds it made
    for (let attempt = 0; ; attempt++) {
      try {
        return await JobEngine.open(executeSql, t, o.log);
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (attempt >= 5 || !RACE_CODES.has(code ?? '')) throw err;
        o.log.info({ code, attempt }, 'job engine set up by another node at the same time: trying again');
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 500 * (attempt + 1)));
      }
    }
  }

  private static async open(executeSql: ExecuteSql, t: JobTiming, log: Logger): Promise<JobEngine> {
    const o = { log };
    const boss = new PgBoss({
      db: { executeSql },
      pollingIntervalSeconds: t.pollSeconds,
      maintenanceIntervalSeconds: t.maintenanceSeconds,
      cronMonitorIntervalSeconds: t.cronSeconds,
      cronWorkerIntervalSeconds: Math.max(1, Math.min(5, t.cronSeconds)),
      // finished jobs kept a week for the record, then deleted by the maintenance
      archiveCompletedAfterSeconds: 3600,
      deleteAfterDays: 7,
    });
    const engine = new JobEngine(boss, o.log, t);
    boss.on('error', (err) => {
      if (!engine.stopped) o.log.error({ err }, 'job engine error');
    });
    try {
      await boss.start();
    } catch (err) {
      engine.stopped = true;
      await boss.stop({ graceful: false, wait: false }).catch(() => undefined);
      throw err;
    }
    return engine;
  }

  /** Creates (or updates) a kind of job; idempotent, so every node declares its kinds at start. */
  async define(kind: JobKind): Promise<void> {
    const options = { name: kind.name, policy: kind.policy, expireInSeconds: kind.expireInSeconds, retryLimit: kind.retryLimit, retryDelay: kind.retryDelaySeconds };
    // nodes starting together create the same queues at once: PostgreSQL may pick one as a
    // deadlock victim (40P01) or refuse a duplicate; the next attempt finds the queue made
    for (let attempt = 0; ; attempt++) {
      try {
        if (await this.boss.getQueue(kind.name)) await this.boss.updateQueue(kind.name, options);
        else await this.boss.createQueue(kind.name, options);
        break;
      } catch (err) {
        const code = (err as { code?: string }).code;
        if (attempt >= 5 || !RACE_CODES.has(code ?? '')) throw err;
        this.log.info({ queue: kind.name, code, attempt }, 'job queue made by another node at the same time: trying again');
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 400 * (attempt + 1)));
      }
    }
    this.kinds.set(kind.name, kind);
  }

  /** Queues a job; null when the kind's policy already holds one with this key. */
  async send<T extends object>(name: string, data: T, o: SendOptions = {}): Promise<string | null> {
    this.known(name);
    return this.boss.send(name, data, {
      ...(o.key !== undefined ? { singletonKey: o.key } : {}),
      ...(o.startAfter ? { startAfter: o.startAfter } : {}),
      ...(o.expireInSeconds ? { expireInSeconds: o.expireInSeconds } : {}),
    });
  }

  /**
   * Runs this node's handler for a kind, one job at a time. A handler that throws fails
   * the job (retried after the kind's delay, up to its limit).
   */
  async work<T>(name: string, handler: (job: RunningJob<T>) => Promise<void>): Promise<void> {
    this.known(name);
    await this.boss.work<T>(name, { batchSize: 1, includeMetadata: true }, async ([job]) => {
      if (!job) return;
      const log = this.log.child({ job: name, jobId: job.id, attempt: job.retryCount });
      // pg-boss stops waiting for the handler when the job expires (and fails it): stop the work first
      const expiry = new AbortController();
      const timer = setTimeout(() => expiry.abort(new Error(`job ${name} expired`)), Math.max(500, job.expireInSeconds * 1000 - 1000));
      const hold = this.hold(name, job.id, job.expireInSeconds, log);
      try {
        await handler({ id: job.id, data: job.data, attempt: job.retryCount, signal: expiry.signal });
      } catch (err) {
        log.warn({ err }, job.retryCount < job.retryLimit ? 'job failed: it will be retried' : 'job failed for good');
        throw err;
      } finally {
        clearTimeout(timer);
        clearInterval(hold);
      }
    });
  }

  /** Holds a running job for this node: at once, then every third of the hold, until it ends. */
  private hold(name: string, id: string, expireInSeconds: number, log: Logger): NodeJS.Timeout {
    const holdS = this.timing.holdSeconds;
    const renew = () =>
      void this.boss
        .getDb()
        .executeSql(RENEW_HOLD_SQL, [name, id, holdS, expireInSeconds])
        .catch((err: unknown) => log.warn({ err }, 'cannot renew the hold on a running job (another node may take it after the hold)'));
    renew();
    const timer = setInterval(renew, (holdS * 1000) / 3);
    timer.unref();
    return timer;
  }

  /** A cron schedule (UTC), once per period across every node. */
  async every(name: string, cron: string): Promise<void> {
    this.known(name);
    await this.boss.schedule(name, cron, {}, { tz: 'UTC' });
  }

  async unschedule(name: string): Promise<void> {
    await this.boss.unschedule(name);
  }

  /** Whether a job of this kind with this key is waiting (or due for a retry) or running. */
  async holds(name: string, key: string): Promise<'waiting' | 'running' | undefined> {
    const { rows } = (await this.boss.getDb().executeSql(
      `SELECT bool_or(state = 'active') AS running, count(*)::int AS n FROM pgboss.job WHERE name = $1 AND singleton_key = $2 AND state IN ('created', 'retry', 'active')`,
      [name, key],
    )) as { rows: Array<{ running: boolean | null; n: number }> };
    const r = rows[0];
    if (!r || r.n === 0) return undefined;
    return r.running ? 'running' : 'waiting';
  }

  /** Where a kind's jobs stand, counted (tests, health). */
  async count(name: string, state: 'created' | 'retry' | 'active' | 'completed' | 'failed'): Promise<number> {
    const { rows } = (await this.boss.getDb().executeSql(`SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state = $2`, [name, state])) as { rows: Array<{ n: number }> };
    return rows[0]?.n ?? 0;
  }

  /** Stops asking for jobs (what is running goes on). */
  async pause(): Promise<void> {
    await Promise.all([...this.kinds.keys()].map((name) => this.boss.offWork(name)));
  }

  /**
   * Stops the engine: waits up to `waitMs` for running handlers to finish; a job still
   * running then (or at once with `graceful: false`) is failed, so that it is retried
   * after its kind's delay, here after a restart or on another node. A node that dies
   * without stopping leaves its jobs active until they expire.
   */
  async stop(o: { waitMs?: number; graceful?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.boss.stop({ graceful: o.graceful ?? true, wait: true, close: false, timeout: o.waitMs ?? 5_000 });
  }

  private known(name: string): void {
    if (!this.kinds.has(name)) throw new Error(`job kind ${name} is not defined`);
  }
}
