/**
 * Statistics are read far more often than the data behind them changes (a county
 * dashboard polled by many screens), and one computation scans the whole county.
 * So results are kept per (county, filters) for `ttlMs`, concurrent identical
 * requests share one computation, and every successful write through this node's
 * API drops them all at once. A write through another node shows after `ttlMs` at
 * the latest. ttlMs = 0 turns the cache off.
 */
export class StatisticsCache<T> {
  private readonly entries = new Map<string, { value: Promise<T>; at: number; generation: number }>();
  private generation = 0;

  constructor(
    readonly ttlMs: number,
    private readonly now: () => number,
    private readonly maxEntries = 500,
  ) {}

  get(key: string, compute: () => Promise<T>): Promise<T> {
    if (this.ttlMs <= 0) return compute();
    const t = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.generation === this.generation && t - hit.at < this.ttlMs) return hit.value;
    const value = compute();
    const entry = { value, at: t, generation: this.generation };
    this.entries.set(key, entry);
    // a failed computation is not kept
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  /** Something changed: every cached result is stale. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
  }
}
