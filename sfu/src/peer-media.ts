import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { SfuErrors } from './errors';
import type { MediaConsumer } from './media-consumer';
import type { MediaProducer } from './media-producer';

/** 'send': the peer produces on it; 'recv': it consumes on it. */
export type TransportDirection = 'send' | 'recv';

export interface PeerTransport {
  transport: types.Transport;
  direction: TransportDirection;
  /** WebRTC for browsers; plain RTP for local tools (a bot, an ffmpeg feed). */
  type: 'webrtc' | 'plain';
}

/** How the media reaches a receiver (issue #16), from its receive transports and consumers. */
export interface DownlinkSample {
  /** bit/s: mediasoup's bandwidth estimate towards the peer (transport-cc); undefined: none yet. */
  availableBps: number | undefined;
  /** 0–1: loss of what mediasoup sent to the peer, from transport-cc feedback; undefined: none yet. */
  loss: number | undefined;
  /** 0–10: the lowest score among the flowing consumers (the receiver's reports); undefined: none flowing. */
  minScore: number | undefined;
}

/**
 * One peer's media in a room: its transports and what it produces and consumes.
 * Entries leave the maps when the mediasoup objects close, however they close.
 */
export class PeerMedia {
  readonly transports = new Map<string, PeerTransport>();
  readonly producers = new Map<string, MediaProducer>();
  readonly consumers = new Map<string, MediaConsumer>();
  /** Bumped by closeMedia(): a transport created across a closeMedia() is dropped. */
  private gen = 0;

  constructor(
    readonly id: string,
    readonly log: Logger,
  ) {}

  get generation(): number {
    return this.gen;
  }

  transport(transportId: string, direction?: TransportDirection): PeerTransport {
    const t = this.transports.get(transportId);
    if (!t || t.transport.closed) throw SfuErrors.transportNotFound(transportId);
    if (direction && t.direction !== direction) throw SfuErrors.wrongDirection(transportId, direction);
    return t;
  }

  webRtcTransport(transportId: string): types.WebRtcTransport {
    const t = this.transport(transportId);
    if (t.type !== 'webrtc') throw SfuErrors.transportNotFound(transportId);
    return t.transport as types.WebRtcTransport;
  }

  consumer(consumerId: string): MediaConsumer {
    const c = this.consumers.get(consumerId);
    if (!c || c.closed) throw SfuErrors.consumerNotFound(consumerId);
    return c;
  }

  producer(producerId: string): MediaProducer {
    const p = this.producers.get(producerId);
    if (!p || p.closed) throw SfuErrors.producerNotFound(producerId);
    return p;
  }

  addTransport(entry: PeerTransport): void {
    const { transport } = entry;
    this.transports.set(transport.id, entry);
    transport.observer.once('close', () => this.transports.delete(transport.id));
  }

  addProducer(producer: MediaProducer): void {
    this.producers.set(producer.id, producer);
    producer.once('close', () => this.producers.delete(producer.id));
  }

  addConsumer(consumer: MediaConsumer): void {
    this.consumers.set(consumer.id, consumer);
    consumer.once('close', () => this.consumers.delete(consumer.id));
  }

  /** The receive side's estimate, loss and scores; undefined when the peer has no open receive transport. */
  async downlinkSample(): Promise<DownlinkSample | undefined> {
    const recv = [...this.transports.values()].find((t) => t.direction === 'recv' && t.type === 'webrtc' && !t.transport.closed);
    if (!recv) return undefined;
    const stats = (await recv.transport.getStats().catch(() => [])) as Array<{ availableOutgoingBitrate?: number; rtpPacketLossSent?: number }>;
    const flowing = [...this.consumers.values()].filter((c) => !c.closed && !c.paused && !c.producerPaused);
    const scores = flowing.map((c) => c.score.score);
    return {
      availableBps: stats[0]?.availableOutgoingBitrate,
      loss: stats[0]?.rtpPacketLossSent,
      minScore: scores.length > 0 ? Math.min(...scores) : undefined,
    };
  }

  /**
   * How well the peer's own media reaches the SFU: the lowest, over its flowing producers,
   * of each producer's best encoding score (0–10; simulcast layers the sender dropped do
   * not count against it). Undefined when nothing flows.
   */
  sendScore(): number | undefined {
    const best = [...this.producers.values()].filter((p) => !p.closed && !p.paused).map((p) => Math.max(0, ...p.score.map((s) => s.score)));
    return best.length > 0 ? Math.min(...best) : undefined;
  }

  /** Closes every transport, and with them every producer and consumer on them. */
  closeMedia(): void {
    this.gen++;
    const n = this.transports.size;
    for (const { transport } of [...this.transports.values()]) transport.close();
    this.transports.clear();
    if (n > 0) this.log.debug({ transports: n }, 'peer media closed');
  }
}
