import type { Redis } from 'ioredis';

/**
 * Counts tries per key in a fixed window (e.g. sign-ins per IP and username, invite
 * codes per IP and per session) and refuses further tries once `max` is reached,
 * until the window ends. With Redis the count is shared by every node
 * (RedisAttemptLimiter); without it each node counts on its own (AttemptLimiter).
 *
 * `take` counts a try *before* it is judged, in one atomic step, so that parallel
 * requests cannot all pass a check made against a count none of them has raised yet
 * (a `blockedFor` then `fail` pair can be raced that way).
 */
export interface AttemptCounter {
  /** Seconds until `key` may try again, or 0 when it may try now. */
  blockedFor(key: string): Promise<number>;
  /** Counts one try of `key` now; `retryAfterS` > 0 when this try is over the limit (refuse it). */
  take(key: string): Promise<Take>;
  fail(key: string): Promise<void>;
  succeed(key: string): Promise<void>;
}

/** One counted try: its number in the window, and 0 or the seconds to wait when it is over the limit. */
export interface Take {
  count: number;
  retryAfterS: number;
}

/** In memory, per node. */
export class AttemptLimiter implements AttemptCounter {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async blockedFor(key: string): Promise<number> {
    const e = this.failures.get(key);
    if (!e) return 0;
    const t = this.now();
    if (t >= e.resetAt) {
      this.failures.delete(key);
      return 0;
    }
    return e.count >= this.max ? Math.ceil((e.resetAt - t) / 1000) : 0;
  }

  async take(key: string): Promise<Take> {
    const t = this.now();
    let e = this.failures.get(key);
    if (!e || t >= e.resetAt) this.failures.set(key, (e = { count: 1, resetAt: t + this.windowMs }));
    else e.count++;
    if (this.failures.size > 50_000) this.sweep(t);
    return { count: e.count, retryAfterS: e.count > this.max ? Math.max(1, Math.ceil((e.resetAt - t) / 1000)) : 0 };
  }

  async fail(key: string): Promise<void> {
    await this.take(key);
  }

  async succeed(key: string): Promise<void> {
    this.failures.delete(key);
  }

  private sweep(t: number) {
    for (const [k, e] of this.failures) if (t >= e.resetAt) this.failures.delete(k);
  }
}

/**
 * Shared by every node through Redis: one counter per key, its window starting at the
 * first failure (INCR, then PEXPIRE … NX), so a guesser cannot spread tries over nodes.
 */
export class RedisAttemptLimiter implements AttemptCounter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly max: number,
    private readonly windowMs: number,
  ) {}

  async blockedFor(key: string): Promise<number> {
    const k = this.prefix + key;
    const [count, ttl] = await Promise.all([this.redis.get(k), this.redis.pttl(k)]);
    return Number(count ?? 0) >= this.max && ttl > 0 ? Math.ceil(ttl / 1000) : 0;
  }

  async take(key: string): Promise<Take> {
    const k = this.prefix + key;
    const res = await this.redis.multi().incr(k).pexpire(k, this.windowMs, 'NX').pttl(k).exec();
    const count = Number(res?.[0]?.[1] ?? 0);
    const ttl = Number(res?.[2]?.[1] ?? this.windowMs);
    return { count, retryAfterS: count > this.max ? Math.max(1, Math.ceil(ttl / 1000)) : 0 };
  }

  async fail(key: string): Promise<void> {
    await this.take(key);
  }

  async succeed(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }
}
