import type { ApiDeps } from '../domain/context';
import { sweepQueueTimeouts } from '../domain/queue';
import type { Logger } from '../logger';

/**
 * Turns timed-out queue requests into call-backs (domain/queue.ts sweepQueueTimeouts,
 * a conditional UPDATE per request, so every node may sweep). One timer per node,
 * armed at the oldest waiting request's deadline (requestedAt + timeout, read from
 * the database: a restarted node re-arms from there), and at most `pollMs` apart
 * so requests made on other nodes are covered too.
 */
export class QueueSweeper {
  private timer: NodeJS.Timeout | undefined;
  private dueAt = Infinity;
  private running = false;
  private rerun = false;
  private closed = false;

  constructor(
    private readonly deps: ApiDeps,
    private readonly log: Logger,
    private readonly pollMs = Math.min(deps.consultation.queueTimeoutS * 1000, 15_000),
  ) {}

  start(): void {
    this.kick();
  }

  /** Sweep now (soon) and re-arm: a request came or the queue changed. */
  kick(): void {
    this.arm(0);
  }

  private arm(delayMs: number): void {
    if (this.closed) return;
    const at = Date.now() + Math.max(0, delayMs);
    if (this.timer && at >= this.dueAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.dueAt = at;
    this.timer = setTimeout(() => void this.sweep(), Math.max(0, delayMs));
    this.timer.unref();
  }

  private async sweep(): Promise<void> {
    this.timer = undefined;
    this.dueAt = Infinity;
    if (this.running) {
      this.rerun = true;
      return;
    }
    this.running = true;
    let next = this.pollMs;
    try {
      const { converted, nextDueAt } = await sweepQueueTimeouts(this.deps);
      if (converted > 0) this.log.info({ converted }, 'queued consultations timed out into call-backs');
      if (nextDueAt) next = Math.min(next, nextDueAt.getTime() - this.deps.now().getTime() + 50);
    } catch (err) {
      if (!this.closed) this.log.error({ err }, 'queue sweep failed');
    } finally {
      this.running = false;
    }
    if (this.rerun) {
      this.rerun = false;
      next = 0;
    }
    this.arm(next);
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
