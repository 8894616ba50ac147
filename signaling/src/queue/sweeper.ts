import type { ApiDeps } from '../domain/context';
import { sweepQueueTimeouts } from '../domain/queue';
import type { Logger } from '../logger';

/**
 * What the sweep needs of the job engine (jobs/ implements it; server.ts wires it).
 * A sweep asked for is one job in the shared database, whichever node asks, and runs
 * on whichever node takes it; a node that dies before its time leaves it to the others.
 */
export interface SweepJobs {
  /** A sweep at `at` (soon when omitted): one job per instant, however many nodes ask. */
  sweepAt(at?: Date): Promise<void>;
}

/**
 * Turns timed-out queue requests into call-backs (domain/queue.ts sweepQueueTimeouts,
 * a conditional UPDATE per request, so two sweeps never convert one request twice).
 * Every sweep asks for the next one at the oldest waiting request's deadline
 * (requestedAt + timeout, read from the database), a change of the queue asks for one
 * now, and the engine also runs one every minute (jobs/) in case a chain was broken.
 */
export class QueueSweeper {
  private jobs: SweepJobs | undefined;
  private closed = false;

  constructor(
    private readonly deps: ApiDeps,
    private readonly log: Logger,
  ) {}

  /** Starts asking the engine for sweeps (until then a change asks for nothing). */
  start(jobs: SweepJobs): void {
    this.jobs = jobs;
    this.kick();
  }

  /** Sweep soon: a request came or the queue changed. */
  kick(): void {
    this.ask();
  }

  /** The job: converts what timed out, then asks for the sweep at the next deadline. */
  async sweep(): Promise<void> {
    const { converted, nextDueAt } = await sweepQueueTimeouts(this.deps);
    if (converted > 0) this.log.info({ converted }, 'queued consultations timed out into call-backs');
    if (nextDueAt && this.jobs && !this.closed) await this.jobs.sweepAt(new Date(nextDueAt.getTime() + 50));
  }

  close(): void {
    this.closed = true;
  }

  private ask(at?: Date): void {
    if (this.closed || !this.jobs) return;
    this.jobs.sweepAt(at).catch((err: unknown) => {
      if (!this.closed) this.log.error({ err }, 'queue sweep not scheduled');
    });
  }
}
