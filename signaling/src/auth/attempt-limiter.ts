/**
 * Counts failures per key in a fixed window (e.g. wrong passwords per IP and
 * username, wrong invite codes per IP) and refuses further tries once `max` is
 * reached, until the window ends. In memory, per node: behind a load balancer each
 * node counts on its own (the per-code lock in the database is shared).
 */
export class AttemptLimiter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until `key` may try again, or 0 when it may try now. */
  blockedFor(key: string): number {
    const e = this.failures.get(key);
    if (!e) return 0;
    const t = this.now();
    if (t >= e.resetAt) {
      this.failures.delete(key);
      return 0;
    }
    return e.count >= this.max ? Math.ceil((e.resetAt - t) / 1000) : 0;
  }

  fail(key: string): void {
    const t = this.now();
    const e = this.failures.get(key);
    if (!e || t >= e.resetAt) this.failures.set(key, { count: 1, resetAt: t + this.windowMs });
    else e.count++;
    if (this.failures.size > 50_000) this.sweep(t);
  }

  succeed(key: string): void {
    this.failures.delete(key);
  }

  private sweep(t: number) {
    for (const [k, e] of this.failures) if (t >= e.resetAt) this.failures.delete(k);
  }
}
