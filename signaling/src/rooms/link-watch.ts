import type { PeerLinkState } from '@shuoshi/protocol';
import type { Peer } from './peer';

export interface LinkWatchDeps {
  /** The seats to watch (admitted ones). */
  seats(): Iterable<Peer>;
  /** Bytes received so far from the seat on all its transports (undefined: no transport yet). */
  receivedBytes(peer: Peer): Promise<number | undefined>;
  /** The seat's link state changed. */
  changed(peer: Peer, link: PeerLinkState): void;
  now?: () => number;
}

export interface LinkWatchTiming {
  /** How often the media layer is asked (ms). */
  intervalMs: number;
  /** No byte for this long: interrupted (ms). */
  quietMs: number;
}

/**
 * Outages seen from the media path (issue #16): every `intervalMs` it asks the media
 * layer how many bytes each seat's transports have received. A browser on a live link
 * sends something every few hundred ms (RTP; RTCP feedback for what it receives; and
 * ICE consent checks at least every 2.5 s even when it sends and receives nothing), so a
 * seat from which nothing arrived for `quietMs` is `interrupted`, long before its socket
 * times out. The first byte again makes it `good`.
 */
export class LinkWatch {
  private readonly seen = new Map<Peer, { bytes: number; at: number }>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private readonly now: () => number;

  constructor(
    private readonly d: LinkWatchDeps,
    private readonly timing: LinkWatchTiming,
  ) {
    this.now = d.now ?? Date.now;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), this.timing.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.seen.clear();
  }

  /** One round (the timer calls it; tests may too). */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const seats = [...this.d.seats()];
      for (const gone of [...this.seen.keys()]) if (!seats.includes(gone)) this.seen.delete(gone);
      const counts = await Promise.all(seats.map((p) => this.d.receivedBytes(p).catch(() => undefined)));
      const now = this.now();
      seats.forEach((peer, i) => this.note(peer, counts[i], now));
    } finally {
      this.polling = false;
    }
  }

  private note(peer: Peer, bytes: number | undefined, now: number): void {
    if (peer.closed) return;
    if (bytes === undefined) return; // no transport yet (or any more): nothing to judge by
    const last = this.seen.get(peer);
    if (!last || bytes !== last.bytes) {
      // a new transport (a rejoin, an ICE restart) starts from 0: any change is traffic
      this.seen.set(peer, { bytes, at: now });
      this.set(peer, 'good');
      return;
    }
    if (now - last.at >= this.timing.quietMs) this.set(peer, 'interrupted');
  }

  private set(peer: Peer, link: PeerLinkState): void {
    if (peer.mediaLink === link) return;
    peer.mediaLink = link;
    this.d.changed(peer, link);
  }
}

/** A room's watch, started: each seat's outage (and its end) is logged and told to the others. */
export function watchSeatLinks(
  seats: () => Iterable<Peer>,
  receivedBytes: LinkWatchDeps['receivedBytes'],
  tellOthers: (peer: Peer, link: PeerLinkState) => void,
  timing: LinkWatchTiming = { intervalMs: 1_000, quietMs: 3_500 },
): LinkWatch {
  const watch = new LinkWatch(
    {
      seats,
      receivedBytes,
      changed: (peer, link) => {
        peer.log.info({ link }, link === 'interrupted' ? 'media stopped arriving' : 'media arrives again');
        tellOthers(peer, link);
      },
    },
    timing,
  );
  watch.start();
  return watch;
}
