import type { DownlinkMode } from '@shuoshi/protocol';
import type { MediaSession } from './media-port';
import type { OwnedConsumer, Peer } from './peer';
import { settleConsumer } from './consumer-flow';
import { DEFAULT_DOWNLINK_POLICY, DownlinkJudge, type DownlinkPolicy } from './downlink-judge';

export interface DownlinkGuardDeps {
  /** The admitted seats. */
  seats(): Iterable<Peer>;
  media: Pick<MediaSession, 'downlinkSample'>;
  /** The last active speaker (their video is the last held back). */
  speakerId(): string | null;
  /** The host put this seat on audio only (audio-only-orders.ts): all its video held, whatever the link. */
  ordered(peerId: string): boolean;
  now?: () => number;
}

/**
 * Receiver-side audio-only (issue #16): once a second, for each seat, the judge reads how
 * media reaches it (downlink-judge.ts) and the guard applies the seat's mode to the video
 * it receives, lowest layers first, then the others' video paused, the speaker's last:
 *
 * - `full`: each video at the layer its tile asked for (`setRenderedSize`);
 * - `lowest`: every video at its lowest simulcast layer;
 * - `speaker`: only the active speaker's video, at its lowest layer; the rest paused;
 * - `audioOnly`: every video paused.
 *
 * Audio is never touched (mediasoup forwards it whatever the estimate). A held consumer is
 * paused on the server (`MediaConsumerPort.pause`), so the client's own resume does not
 * release it (MediaWiring.resumeConsumer), and resumed when the hold ends if the client
 * had resumed it and shows it (consumer-flow.ts). The seat is told its mode and whose video is held (`downlink`), so its
 * screen says in words that video is paused to keep the sound. Every round re-applies the
 * mode, so a new consumer or a new speaker follows within a second.
 */
export class DownlinkGuard {
  private readonly judges = new Map<Peer, DownlinkJudge>();
  private readonly told = new Map<Peer, string>();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private readonly now: () => number;

  constructor(
    private readonly d: DownlinkGuardDeps,
    private readonly policy: DownlinkPolicy = DEFAULT_DOWNLINK_POLICY,
    private readonly intervalMs = 1_000,
  ) {
    this.now = d.now ?? Date.now;
  }

  start(): void {
    if (this.timer || this.policy.weakKbps <= 0) return;
    this.timer = setInterval(() => void this.poll(), this.intervalMs);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.judges.clear();
    this.told.clear();
  }

  /** One round (the timer calls it; tests may too). */
  async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      const seats = [...this.d.seats()];
      for (const gone of [...this.judges.keys()]) if (!seats.includes(gone)) (this.judges.delete(gone), this.told.delete(gone));
      await Promise.all(seats.map((peer) => this.round(peer)));
    } finally {
      this.polling = false;
    }
  }

  private async round(peer: Peer): Promise<void> {
    const sample = await this.d.media.downlinkSample(peer.mediaKey).catch(() => undefined);
    if (peer.closed) return;
    if (sample) {
      let judge = this.judges.get(peer);
      if (!judge) this.judges.set(peer, (judge = new DownlinkJudge(this.policy)));
      const mode = judge.sample({ at: this.now(), ...sample });
      peer.log.trace({ ...sample, mode: peer.downlink }, 'downlink sample');
      if (mode) {
        const { availableBps, loss, minScore } = sample;
        peer.log.info({ mode, from: peer.downlink, availableKbps: availableBps === undefined ? null : Math.round(availableBps / 1000), loss, minScore }, 'downlink mode');
        peer.downlink = mode;
      }
    }
    await this.apply(peer);
  }

  /** Holds back or releases the seat's video as its mode (or the host's order) says, and tells the seat when that changed. */
  async apply(peer: Peer): Promise<void> {
    const byHost = this.d.ordered(peer.id);
    const mode = byHost ? 'audioOnly' : peer.downlink;
    const speaker = this.d.speakerId();
    const held = new Set<string>();
    const work: Array<Promise<void>> = [];
    for (const owned of peer.consumers.values()) {
      if (owned.consumer.kind !== 'video') continue;
      const hold = mode === 'audioOnly' || (mode === 'speaker' && owned.fromPeerId !== speaker);
      if (hold) held.add(owned.fromPeerId);
      work.push(this.hold(owned, hold), this.cap(owned, mode !== 'full'));
    }
    await Promise.all(work.map((w) => w.catch((err: unknown) => peer.log.debug({ err }, 'cannot apply the downlink mode (consumer closed?)'))));
    const heldPeerIds = [...held].sort();
    const key = `${mode}:${byHost}:${heldPeerIds.join(',')}`;
    if (peer.closed || this.told.get(peer) === key) return;
    const first = !this.told.has(peer);
    this.told.set(peer, key);
    if (first && mode === 'full') return; // nothing to tell yet
    peer.notify('downlink', { mode, heldPeerIds, byHost });
  }

  private async hold(owned: OwnedConsumer, hold: boolean): Promise<void> {
    if (hold === (owned.held ?? false)) return;
    owned.held = hold;
    await settleConsumer(owned);
  }

  private async cap(owned: OwnedConsumer, capped: boolean): Promise<void> {
    if (owned.consumer.type !== 'simulcast' || capped === (owned.capped ?? false)) return;
    owned.capped = capped;
    const top = owned.producer.scales.length - 1;
    await owned.consumer.setPreferredLayers({ spatialLayer: capped ? 0 : (owned.wantedLayer ?? top) });
  }
}

