import crypto from 'node:crypto';

/**
 * LiveKit track sids of our producers. A LiveKit publisher learns its track's sid
 * (AddTrackRequest → TrackPublishedResponse) before mediasoup has made the producer,
 * so that sid is chosen first and bound to the producer once it exists; every other
 * client then sees the same sid. Producers of our own web client get `TR_` + their id.
 * One per endpoint (not a global); entries go with their producers.
 */
export class TrackSids {
  private readonly byProducer = new Map<string, string>();
  private readonly byTrack = new Map<string, string>();

  static fresh(): string {
    return `TR_${crypto.randomBytes(9).toString('base64url')}`;
  }

  bind(producerId: string, sid: string): void {
    this.byProducer.set(producerId, sid);
    this.byTrack.set(sid, producerId);
  }

  forget(producerId: string): void {
    const sid = this.byProducer.get(producerId);
    this.byProducer.delete(producerId);
    if (sid) this.byTrack.delete(sid);
  }

  sidOf(producerId: string): string {
    return this.byProducer.get(producerId) ?? `TR_${producerId.replace(/-/g, '')}`;
  }

  /** The producer a track sid names (ours or a bound one); undefined for an unknown sid. */
  producerOf(sid: string, candidates: Iterable<string>): string | undefined {
    const bound = this.byTrack.get(sid);
    if (bound) return bound;
    for (const id of candidates) if (this.sidOf(id) === sid) return id;
    return undefined;
  }
}
