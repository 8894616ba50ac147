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

  /** Closes every transport, and with them every producer and consumer on them. */
  closeMedia(): void {
    this.gen++;
    const n = this.transports.size;
    for (const { transport } of [...this.transports.values()]) transport.close();
    this.transports.clear();
    if (n > 0) this.log.debug({ transports: n }, 'peer media closed');
  }
}
