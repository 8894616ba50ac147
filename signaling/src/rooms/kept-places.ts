/**
 * Places kept (issue #16): a party or talk room the host admitted whose link stayed down
 * past the grace period loses its seat, but not its admission. For `keepMs` after the
 * seat ended, the same person (the same peer id, from their join token) who joins again
 * is seated at once, not put back in the lobby. A place is only kept for a seat that
 * timed out; leaving, being sent to the lobby or removed by the host keeps nothing (and
 * a removed person stays barred by the room, whatever this says).
 */
export class KeptPlaces {
  /** peer id → when the place lapses (ms since the epoch). */
  private readonly places = new Map<string, number>();

  constructor(
    private readonly keepMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The seat of an admitted person timed out: keep their place for `keepMs` (0: keep nothing). */
  keep(peerId: string): void {
    this.prune();
    if (this.keepMs > 0) this.places.set(peerId, this.now() + this.keepMs);
  }

  has(peerId: string): boolean {
    const until = this.places.get(peerId);
    return until !== undefined && until > this.now();
  }

  /** The place was taken again, or the host decided otherwise: forget it. True when there was one. */
  forget(peerId: string): boolean {
    const had = this.has(peerId);
    this.places.delete(peerId);
    return had;
  }

  /** Places still kept, with when each lapses (room-image.ts). */
  image(): Array<[string, number]> {
    this.prune();
    return [...this.places];
  }

  /** Keeps the places of a room rebuilt on another node, each until it lapses. */
  restore(places: Array<[string, number]>): void {
    for (const [id, until] of places) if (until > this.now()) this.places.set(id, until);
  }

  private prune(): void {
    const now = this.now();
    for (const [id, until] of this.places) if (until <= now) this.places.delete(id);
  }
}
