import type { ConsumerInfo, DtlsParameters, IceParameters, Role, RtpCapabilities, TransportInfo } from '@shuoshi/protocol';
import { RoomErrors } from './errors';
import { encodingScales, pickSpatialLayer } from './layers';
import type { MediaSession } from './media-port';
import { consumerInfo, type OwnedConsumer, type OwnedProducer, type Peer } from './peer';
import type { CaucusPlan } from './caucus-plan';
import type { ProduceRequest } from './room-types';
import { videoPriority } from './stream-priority';
import { settleConsumer } from './consumer-flow';

const MAX_TRANSPORTS_PER_PEER = 4;
const MAX_PRODUCERS_PER_PEER = 4;
/** Roles that only watch and listen. */
const RECEIVE_ONLY: ReadonlySet<Role> = new Set(['observer']);

export interface MediaWiringDeps {
  media: MediaSession;
  /** The admitted seats now. */
  seats(): Iterable<Peer>;
  caucus: CaucusPlan;
  isHostMuted(peerId: string, source: OwnedProducer['source']): boolean;
  /** A seat's new producer, after every other seat was offered it. */
  produced(peer: Peer, owned: OwnedProducer): void;
}

/**
 * A room's media wiring: each seat's transports, producers and consumers on the
 * media session, and the rule that every seat consumes every producer it may hear
 * (the caucus plan decides who may), paused until the client resumes it.
 */
export class MediaWiring {
  /** The last active speaker (their camera comes first on a short downlink). */
  private speakerId: string | null = null;

  constructor(private readonly d: MediaWiringDeps) {}

  /** The last active speaker (null before anyone spoke). */
  get speaker(): string | null {
    return this.speakerId;
  }

  /** A new active speaker: their video consumers get the speaker's priority, the previous one's go back. */
  setSpeaker(peerId: string | null): void {
    if (peerId === null || peerId === this.speakerId) return;
    const before = this.speakerId;
    this.speakerId = peerId;
    for (const seat of this.d.seats()) {
      for (const owned of seat.consumers.values()) {
        if (owned.consumer.kind !== 'video' || (owned.fromPeerId !== peerId && owned.fromPeerId !== before)) continue;
        this.prioritise(seat, owned.consumer, owned.fromPeerId);
      }
    }
  }

  async createTransport(peer: Peer, direction: 'send' | 'recv'): Promise<TransportInfo> {
    if (direction === 'send' && RECEIVE_ONLY.has(peer.role)) throw RoomErrors.forbidden(`role ${peer.role} cannot send media`);
    const release = peer.reserve('transport', MAX_TRANSPORTS_PER_PEER);
    if (!release) throw RoomErrors.forbidden('too many transports');
    try {
      const info = await this.d.media.createTransport(peer.mediaKey, direction);
      if (peer.closed) {
        this.d.media.closePeer(peer.mediaKey); // the seat went while the transport was being made
        throw RoomErrors.sessionExpired();
      }
      peer.transports.set(info.transportId, direction);
      return info;
    } finally {
      release();
    }
  }

  async connectTransport(peer: Peer, transportId: string, dtlsParameters: DtlsParameters): Promise<void> {
    this.ownTransport(peer, transportId);
    await this.d.media.connectTransport(peer.mediaKey, transportId, dtlsParameters);
  }

  async restartIce(peer: Peer, transportId: string): Promise<IceParameters> {
    this.ownTransport(peer, transportId);
    return this.d.media.restartIce(peer.mediaKey, transportId);
  }

  async produce(peer: Peer, req: ProduceRequest): Promise<string> {
    if (this.ownTransport(peer, req.transportId) !== 'send') throw RoomErrors.badRequest('produce needs a send transport');
    if (RECEIVE_ONLY.has(peer.role)) throw RoomErrors.forbidden(`role ${peer.role} cannot send media`);
    if ((req.kind === 'audio') !== (req.source === 'microphone')) throw RoomErrors.badRequest(`a ${req.source} does not send ${req.kind}`);
    const release = peer.reserve('producer', MAX_PRODUCERS_PER_PEER);
    if (!release) throw RoomErrors.forbidden('too many producers');
    let owned: OwnedProducer;
    try {
      const producer = await this.d.media.produce(peer.mediaKey, req.transportId, {
        kind: req.kind,
        rtpParameters: req.rtpParameters,
        paused: (req.paused ?? false) || this.d.isHostMuted(peer.id, req.source),
        appData: { peerId: peer.id, source: req.source },
      });
      if (peer.closed) {
        producer.close();
        throw RoomErrors.sessionExpired();
      }
      owned = { producer, source: req.source, scales: encodingScales(req.rtpParameters.encodings), sourceHeight: req.sourceHeight ?? 480 };
      peer.producers.set(producer.id, owned);
    } finally {
      release();
    }
    const { producer } = owned;
    peer.log.info({ producerId: producer.id, kind: req.kind, source: req.source, layers: owned.scales.length }, 'producing');
    for (const other of this.d.seats()) if (other !== peer) void this.consumeFor(other, peer.id, owned, true);
    this.d.produced(peer, owned);
    return producer.id;
  }

  async setProducerPaused(peer: Peer, producerId: string, paused: boolean): Promise<void> {
    const owned = peer.producers.get(producerId);
    if (!owned) throw RoomErrors.notFound('producer');
    if (!paused && this.d.isHostMuted(peer.id, owned.source)) throw RoomErrors.mutedByHost(owned.source);
    await (paused ? owned.producer.pause() : owned.producer.resume());
  }

  closeProducer(peer: Peer, producerId: string): void {
    const owned = peer.producers.get(producerId);
    if (!owned) throw RoomErrors.notFound('producer');
    peer.producers.delete(producerId);
    owned.producer.close(); // mediasoup closes its consumers; their owners hear consumerClosed
  }

  /** The peer can receive: consume every producer in the room (paused until the client resumes each). */
  async ready(peer: Peer, rtpCapabilities: RtpCapabilities): Promise<ConsumerInfo[]> {
    if (!peer.recvTransportId) throw RoomErrors.badRequest('create a recv transport before ready');
    this.d.media.checkRtpCapabilities(rtpCapabilities);
    peer.rtpCapabilities = rtpCapabilities;
    const work: Array<Promise<ConsumerInfo | undefined>> = [];
    for (const other of this.d.seats()) {
      if (other === peer) continue;
      for (const owned of other.producers.values()) work.push(this.consumeFor(peer, other.id, owned, false));
    }
    return (await Promise.all(work)).filter((c): c is ConsumerInfo => c !== undefined);
  }

  async resumeConsumer(peer: Peer, consumerId: string): Promise<void> {
    const owned = peer.consumers.get(consumerId);
    if (!owned) throw RoomErrors.notFound('consumer');
    owned.clientResumed = true;
    // held back for this seat's weak downlink, or its tile out of view: flows when that ends (consumer-flow.ts)
    await settleConsumer(owned);
  }

  /**
   * The size (device pixels) the receiver shows a video at: the simulcast layer nearest it
   * (layers.ts). 0 × 0 says the tile is out of view: the consumer pauses until a size
   * comes again, which sets the layer before the resume, so the key frame mediasoup asks
   * for on resume is of the layer the tile wants.
   */
  async setRenderedSize(peer: Peer, consumerId: string, width: number, height: number): Promise<number> {
    const owned = peer.consumers.get(consumerId);
    if (!owned) throw RoomErrors.notFound('consumer');
    if (owned.consumer.kind !== 'video') return 0;
    const shown = width > 0 && height > 0;
    let spatialLayer = 0;
    if (shown && owned.consumer.type === 'simulcast') {
      owned.wantedLayer = pickSpatialLayer(owned.producer.scales, owned.producer.sourceHeight, height);
      spatialLayer = owned.capped ? 0 : owned.wantedLayer; // a weak downlink keeps the lowest (downlink-guard.ts)
      await owned.consumer.setPreferredLayers({ spatialLayer });
    }
    if (shown === (owned.offscreen ?? false)) {
      owned.offscreen = !shown;
      await settleConsumer(owned);
    }
    return spatialLayer;
  }

  /** The caucus plan changed: closes, synchronously, every consumer that now crosses its lines. */
  closeCrossing(): void {
    for (const peer of this.d.seats()) {
      for (const [consumerId, owned] of peer.consumers) {
        if (this.d.caucus.together(peer.id, owned.fromPeerId)) continue;
        peer.consumers.delete(consumerId);
        owned.consumer.close();
        peer.notify('consumerClosed', { consumerId });
      }
    }
  }

  /** Offers every seat the producers it may hear now and does not consume yet. */
  consumeAllowed(): void {
    const seats = [...this.d.seats()];
    for (const peer of seats) {
      for (const other of seats) {
        if (other === peer) continue;
        for (const owned of other.producers.values()) void this.consumeFor(peer, other.id, owned, true);
      }
    }
  }

  /** The seat whose producer this is. */
  ownerOf(producerId: string): Peer | undefined {
    for (const p of this.d.seats()) if (p.producers.has(producerId)) return p;
    return undefined;
  }

  private async consumeFor(peer: Peer, fromPeerId: string, producer: OwnedProducer, announce: boolean): Promise<ConsumerInfo | undefined> {
    const transportId = peer.recvTransportId;
    const caps = peer.rtpCapabilities;
    const producerId = producer.producer.id;
    if (!transportId || !caps || peer.hasConsumerOf(producerId)) return undefined;
    if (!this.d.caucus.together(peer.id, fromPeerId)) return undefined;
    peer.pendingConsumes.add(producerId);
    let consumer;
    try {
      consumer = await this.d.media.consume(peer.mediaKey, transportId, producerId, caps);
    } catch (err) {
      peer.log.warn({ err, producerId }, 'cannot consume');
      return undefined;
    } finally {
      peer.pendingConsumes.delete(producerId);
    }
    if (!consumer) return undefined;
    // the seat went, or the host moved one of the two apart while the consumer was made
    if (peer.closed || !this.d.caucus.together(peer.id, fromPeerId)) {
      consumer.close();
      return undefined;
    }
    const owned = { consumer, fromPeerId, source: producer.source, producer };
    peer.consumers.set(consumer.id, owned);
    consumer.onEvent((event) => {
      const ref = { consumerId: consumer.id, peerId: fromPeerId, source: producer.source };
      if (event === 'close') {
        if (peer.consumers.delete(consumer.id)) peer.notify('consumerClosed', { consumerId: consumer.id });
      } else peer.notify(event === 'producerpause' ? 'consumerPaused' : 'consumerResumed', ref);
    });
    if (consumer.kind === 'video') this.prioritise(peer, consumer, fromPeerId);
    const info = consumerInfo(owned);
    if (announce) peer.notify('newConsumer', info);
    return info;
  }

  private prioritise(peer: Peer, consumer: OwnedConsumer['consumer'], fromPeerId: string): void {
    consumer.setPriority(videoPriority(fromPeerId, this.speakerId)).catch((err: unknown) => peer.log.debug({ err, consumerId: consumer.id }, 'cannot set priority (closed?)'));
  }

  private ownTransport(peer: Peer, transportId: string): 'send' | 'recv' {
    const dir = peer.transports.get(transportId);
    if (!dir) throw RoomErrors.notFound('transport');
    return dir;
  }
}
