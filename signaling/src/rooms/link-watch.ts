import type { PeerLinkState } from '@shuoshi/protocol';
import type { Peer } from './peer';

export interface LinkWatchDeps {
  /** The seats to watch (admitted ones). */
  seats(): Iterable<Peer>;
  /** Bytes received so far from the seat on all its transports (undefined: no transport yet). */
  receivedBytes(peer: Peer): Promise<number | undefined>;
  /** How well the seat's media arrives (its producers' lowest score, 0–10; undefined: none flows). */
  sendScore?(peer: Peer): number | undefined;
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
 *
 * While media arrives, the SFU's score of what the seat sends (its producers, 0–10, from
 * the loss and jitter it sees) tells a weak uplink: `weak` after 5 rounds in a row at 4 or
 * less, `good` again after 3 rounds at 7 or more (no flapping on one bad second; on a test
 * machine at load 23 a healthy loopback sender scored 5 for 3 s once).
 */
const WEAK_SCORE = 4;
const GOOD_SCORE = 7;
const WEAK_RUN = 5;
const GOOD_RUN = 3;

export class LinkWatch {
  private readonly seen = new Map<Peer, { bytes: number; at: number; weak: number; good: number }>();
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
      seats.forEach((peer, i) => this.note(peer, counts[i], now, this.d.sendScore?.(peer)));
    } finally {
      this.polling = false;
    }
  }

  private note(peer: Peer, bytes: number | undefined, now: number, score: number | undefined): void {
    if (peer.closed) return;
    if (bytes === undefined) return; // no transport yet (or any more): nothing to judge by
    const last = this.seen.get(peer);
    if (!last || bytes !== last.bytes) {
      // a new transport (a rejoin, an ICE restart) starts from 0: any change is traffic
      const weak = score !== undefined && score <= WEAK_SCORE ? (last?.weak ?? 0) + 1 : 0;
      const good = score === undefined || score >= GOOD_SCORE ? (last?.good ?? 0) + 1 : 0;
      this.seen.set(peer, { bytes, at: now, weak, good });
      if (weak >= WEAK_RUN) this.set(peer, 'weak');
      else if (peer.mediaLink === 'interrupted' || good >= GOOD_RUN) this.set(peer, 'good');
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
  sendScore: NonNullable<LinkWatchDeps['sendScore']>,
  tellOthers: (peer: Peer, link: PeerLinkState) => void,
  timing: LinkWatchTiming = { intervalMs: 1_000, quietMs: 3_500 },
): LinkWatch {
  const watch = new LinkWatch(
    {
      seats,
      receivedBytes,
      sendScore,
      changed: (peer, link) => {
        peer.log.info({ link }, link === 'interrupted' ? 'media stopped arriving' : link === 'weak' ? 'media arrives poorly' : 'media arrives again');
        tellOthers(peer, link);
      },
    },
    timing,
  );
  watch.start();
  return watch;
}
