import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { SpeakerDetector } from './active-speaker';
import type { SfuConfig } from './config';
import { SfuErrors } from './errors';
import { decodableCodecs } from './capabilities';
import { MediaConsumer } from './media-consumer';
import { MediaProducer } from './media-producer';
import { PeerMedia, type DownlinkSample, type TransportDirection } from './peer-media';
import { PlainRtpOutput, openPlainRtpInput, type PlainRtpInputOptions, type PlainRtpOutputOptions, type RtpTarget } from './plain-rtp';
import { watchTransport, webRtcTransportInfo, type TransportState, type WebRtcTransportInfo } from './transport-info';

/** Why a room closed: asked to, its last peer was removed, its worker died, or the server is stopping. */
export type RoomCloseReason = 'closed' | 'empty' | 'worker-died' | 'shutdown';

export interface ActiveSpeaker {
  mediaKey: string;
  producerId: string;
  /** dBov, -127 to 0. */
  volume: number;
}

export type MediaRoomEvents = {
  close: [reason: RoomCloseReason];
  newproducer: [producer: MediaProducer];
  /** The loudest speaker changed; null when everyone fell silent. */
  activespeaker: [speaker: ActiveSpeaker | null];
  /** A transport's ICE or DTLS state changed (e.g. dtlsState 'connected', iceState 'disconnected'). */
  transportstate: [state: TransportState];
};

export interface ProduceOptions {
  kind: types.MediaKind;
  rtpParameters: types.RtpParameters;
  paused?: boolean;
  /** Passed through; `source` ('camera' | 'mic' | 'screen') is read back by MediaProducer.source. */
  appData?: Record<string, unknown>;
}

export interface ConsumeOptions {
  /** Starting simulcast/SVC layers (e.g. the lowest for a thumbnail). */
  preferredLayers?: types.ConsumerLayers;
}

/** What the pool gives a room: its router on one worker and that worker's WebRtcServer. */
export interface MediaRoomContext {
  router: types.Router;
  webRtcServer: types.WebRtcServer;
  workerPid: number;
  config: SfuConfig;
  logger: Logger;
}

/**
 * One room's media: a mediasoup Router with each peer's transports, producers and
 * consumers. Peers are registered by addPeer() or by their first transport. The app
 * decides who is present: removePeer() of the last peer closes the room ('empty').
 */
export class MediaRoom extends EventEmitter<MediaRoomEvents> {
  private readonly peers = new Map<string, PeerMedia>();
  private readonly producersById = new Map<string, MediaProducer>();
  private readonly outputs = new Set<PlainRtpOutput>();
  private closedFlag = false;

  private constructor(
    readonly id: string,
    private readonly ctx: MediaRoomContext,
    private readonly speaker: SpeakerDetector,
    private readonly log: Logger,
  ) {
    super();
    ctx.router.on('workerclose', () => this.close('worker-died'));
  }

  static async create(id: string, ctx: MediaRoomContext): Promise<MediaRoom> {
    const log = ctx.logger.child({ roomId: id });
    let room: MediaRoom | undefined;
    const speaker = await SpeakerDetector.create(
      ctx.router,
      { thresholdDb: ctx.config.speakerThresholdDb, intervalMs: ctx.config.speakerIntervalMs },
      log,
      (loudest) => room?.onLoudest(loudest),
    );
    room = new MediaRoom(id, ctx, speaker, log);
    log.info({ workerPid: ctx.workerPid, routerId: ctx.router.id }, 'media room opened');
    return room;
  }

  /** What clients load their mediasoup-client Device with. */
  get rtpCapabilities(): types.RtpCapabilities {
    return this.ctx.router.rtpCapabilities;
  }
  get closed(): boolean {
    return this.closedFlag;
  }
  get workerPid(): number {
    return this.ctx.workerPid;
  }
  get peerCount(): number {
    return this.peers.size;
  }
  /** Open transports, plain RTP outputs included: the room's weight for worker placement. */
  get transportCount(): number {
    let n = this.outputs.size;
    for (const p of this.peers.values()) n += p.transports.size;
    return n;
  }
  mediaKeys(): string[] {
    return [...this.peers.keys()];
  }
  hasPeer(mediaKey: string): boolean {
    return this.peers.has(mediaKey);
  }

  /** Registers a peer (idempotent), so the room counts it before its first transport. */
  addPeer(mediaKey: string): void {
    this.ensurePeer(mediaKey);
  }

  /** Closes the peer's transports and so everything on them; the peer stays registered. */
  closePeer(mediaKey: string): void {
    this.peers.get(mediaKey)?.closeMedia();
  }

  /** Closes the peer's media and forgets it; closes the room when it was the last peer. */
  removePeer(mediaKey: string): void {
    const peer = this.peers.get(mediaKey);
    if (!peer) return;
    peer.closeMedia();
    this.peers.delete(mediaKey);
    peer.log.info({ peers: this.peers.size }, 'peer left the media room');
    if (this.peers.size === 0 && !this.closedFlag) this.close('empty');
  }

  async createWebRtcTransport(mediaKey: string, direction: TransportDirection): Promise<WebRtcTransportInfo> {
    const peer = this.ensurePeer(mediaKey);
    const gen = peer.generation;
    const transport = await this.ctx.router.createWebRtcTransport({
      webRtcServer: this.ctx.webRtcServer,
      enableUdp: true,
      enableTcp: true,
      preferUdp: true,
      initialAvailableOutgoingBitrate: this.ctx.config.initialAvailableOutgoingBitrate,
      appData: { mediaKey, direction },
    });
    this.keepOrDrop(peer, gen, transport);
    peer.addTransport({ transport, direction, type: 'webrtc' });
    watchTransport(transport, mediaKey, direction, peer.log, (s) => this.emit('transportstate', s));
    if (direction === 'send' && this.ctx.config.maxIncomingBitrate > 0) {
      await transport.setMaxIncomingBitrate(this.ctx.config.maxIncomingBitrate).catch((err: unknown) => {
        peer.log.warn({ err, transportId: transport.id }, 'cannot cap incoming bitrate');
      });
    }
    peer.log.debug({ transportId: transport.id, direction }, 'webrtc transport created');
    return webRtcTransportInfo(transport);
  }

  /** Completes the transport with the client's DTLS fingerprints (the client's 'connect'). */
  async connectTransport(mediaKey: string, transportId: string, dtlsParameters: types.DtlsParameters): Promise<void> {
    await this.peerOrThrow(mediaKey, transportId).webRtcTransport(transportId).connect({ dtlsParameters });
  }

  async restartIce(mediaKey: string, transportId: string): Promise<types.IceParameters> {
    return this.peerOrThrow(mediaKey, transportId).webRtcTransport(transportId).restartIce();
  }

  transportState(mediaKey: string, transportId: string): TransportState {
    const peer = this.peerOrThrow(mediaKey, transportId);
    const w = peer.webRtcTransport(transportId);
    const { direction } = peer.transport(transportId);
    return { mediaKey, transportId, direction, iceState: w.iceState, dtlsState: w.dtlsState };
  }

  /**
   * Bytes received so far from the peer on all its WebRTC transports (RTP, RTCP, ICE
   * checks): a count that stops growing means nothing arrives from the peer (issue #16).
   * Undefined when the peer has no open WebRTC transport.
   */
  async receivedBytes(mediaKey: string): Promise<number | undefined> {
    const peer = this.peers.get(mediaKey);
    const webrtc = [...(peer?.transports.values() ?? [])].filter((t) => t.type === 'webrtc' && !t.transport.closed);
    if (webrtc.length === 0) return undefined;
    const stats = await Promise.all(webrtc.map((t) => t.transport.getStats().catch(() => [])));
    return stats.flat().reduce<number>((sum, s) => sum + ((s as { bytesReceived?: number }).bytesReceived ?? 0), 0);
  }

  /** How the media reaches the peer (bandwidth estimate, loss, consumer scores): the server's downlink guard reads it. */
  downlinkSample(mediaKey: string): Promise<DownlinkSample | undefined> {
    return this.peers.get(mediaKey)?.downlinkSample() ?? Promise.resolve(undefined);
  }

  /** How well the peer's media reaches the SFU (its producers' scores, 0–10): a weak uplink shows next to its name. */
  sendScore(mediaKey: string): number | undefined {
    return this.peers.get(mediaKey)?.sendScore();
  }

  getTransportStats(mediaKey: string, transportId: string): Promise<unknown[]> {
    return this.peerOrThrow(mediaKey, transportId).transport(transportId).transport.getStats();
  }

  async produce(mediaKey: string, transportId: string, opts: ProduceOptions): Promise<MediaProducer> {
    const peer = this.peerOrThrow(mediaKey, transportId);
    const { transport } = peer.transport(transportId, 'send');
    const raw = await transport.produce({
      kind: opts.kind,
      rtpParameters: opts.rtpParameters,
      paused: opts.paused ?? false,
      appData: opts.appData ?? {},
    });
    return this.adoptProducer(peer, raw, transportId);
  }

  /** A producer fed with plain RTP by a local tool; its transport belongs to `mediaKey`. */
  async produceFromPlainRtp(
    mediaKey: string,
    opts: PlainRtpInputOptions,
  ): Promise<{ producer: MediaProducer; transportId: string; rtpPort: number; rtcpPort: number }> {
    const peer = this.ensurePeer(mediaKey);
    const gen = peer.generation;
    const { transport, producer } = await openPlainRtpInput(this.ctx.router, opts, this.ctx.config.plainListenIp);
    this.keepOrDrop(peer, gen, transport);
    peer.addTransport({ transport, direction: 'send', type: 'plain' });
    const rtcpPort = transport.rtcpTuple?.localPort;
    if (rtcpPort === undefined) throw new Error('plain transport without an RTCP tuple');
    return { producer: this.adoptProducer(peer, producer, transport.id), transportId: transport.id, rtpPort: transport.tuple.localPort, rtcpPort };
  }

  getProducer(producerId: string): MediaProducer | undefined {
    return this.producersById.get(producerId);
  }
  /** A producer of this peer; throws PRODUCER_NOT_FOUND for anyone else's. */
  getPeerProducer(mediaKey: string, producerId: string): MediaProducer {
    const peer = this.peers.get(mediaKey);
    if (!peer) throw SfuErrors.producerNotFound(producerId);
    return peer.producer(producerId);
  }
  /** Every open producer in the room (what a newcomer may consume). */
  producers(): MediaProducer[] {
    return [...this.producersById.values()];
  }

  /** Refuses (UNUSABLE_CAPABILITIES) a receiver that can decode none of the router's codecs. */
  checkRtpCapabilities(rtpCapabilities: types.RtpCapabilities): void {
    if (decodableCodecs(this.rtpCapabilities, rtpCapabilities).length === 0) throw SfuErrors.unusableCapabilities();
  }

  canConsume(producerId: string, rtpCapabilities: types.RtpCapabilities): boolean {
    return this.ctx.router.canConsume({ producerId, rtpCapabilities });
  }

  /** A PAUSED consumer of `producerId` for the peer: resume it when the client is ready. */
  async consume(
    mediaKey: string,
    transportId: string,
    producerId: string,
    rtpCapabilities: types.RtpCapabilities,
    opts: ConsumeOptions = {},
  ): Promise<MediaConsumer> {
    const peer = this.peerOrThrow(mediaKey, transportId);
    const { transport } = peer.transport(transportId, 'recv');
    const producer = this.producersById.get(producerId);
    if (!producer || producer.closed) throw SfuErrors.producerNotFound(producerId);
    if (!this.canConsume(producerId, rtpCapabilities)) throw SfuErrors.cannotConsume(producerId);
    const raw = await transport.consume({
      producerId,
      rtpCapabilities,
      paused: true,
      ...(opts.preferredLayers ? { preferredLayers: opts.preferredLayers } : {}),
      appData: { mediaKey },
    });
    // The producer or the transport may have closed while consume() was on its way.
    if (raw.closed) throw SfuErrors.producerNotFound(producerId);
    const consumer = new MediaConsumer(raw, mediaKey, peer.log);
    peer.addConsumer(consumer);
    return consumer;
  }

  /** A consumer of this peer; throws CONSUMER_NOT_FOUND for anyone else's. */
  getPeerConsumer(mediaKey: string, consumerId: string): MediaConsumer {
    const peer = this.peers.get(mediaKey);
    if (!peer) throw SfuErrors.consumerNotFound(consumerId);
    return peer.consumer(consumerId);
  }

  /**
   * Forwards a producer as plain RTP to a local tool (recording); flowing at once with
   * a keyframe requested, or with `{ paused: true }` only once `output.resume()` is called.
   */
  async consumeToPlainRtp(producerId: string, target: RtpTarget, opts: PlainRtpOutputOptions = {}): Promise<PlainRtpOutput> {
    this.assertOpen();
    if (!this.producersById.has(producerId)) throw SfuErrors.producerNotFound(producerId);
    const output = await PlainRtpOutput.open(this.ctx.router, producerId, target, this.ctx.config.plainListenIp, this.log, opts);
    if (this.closedFlag) {
      output.close();
      throw SfuErrors.roomClosed(this.id);
    }
    this.outputs.add(output);
    output.once('close', () => this.outputs.delete(output));
    return output;
  }

  /** Closes the router and with it every transport, producer and consumer. Idempotent. */
  close(reason: RoomCloseReason = 'closed'): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    for (const output of [...this.outputs]) output.close();
    this.speaker.close();
    if (!this.ctx.router.closed) this.ctx.router.close();
    this.peers.clear();
    this.producersById.clear();
    const log = reason === 'worker-died' ? this.log.error.bind(this.log) : this.log.info.bind(this.log);
    log({ reason }, 'media room closed');
    this.emit('close', reason);
  }

  private adoptProducer(peer: PeerMedia, raw: types.Producer, transportId: string): MediaProducer {
    // The transport may have closed while produce() was on its way.
    if (raw.closed) throw SfuErrors.transportNotFound(transportId);
    const producer = new MediaProducer(raw, peer.id, peer.log);
    peer.addProducer(producer);
    this.producersById.set(producer.id, producer);
    producer.once('close', () => {
      this.producersById.delete(producer.id);
      if (this.speaker.forget(producer.id) && !this.closedFlag) this.emit('activespeaker', null);
    });
    if (producer.kind === 'audio') void this.speaker.add(producer.id);
    peer.log.info({ producerId: producer.id, kind: producer.kind, type: producer.type, source: producer.source }, 'producer created');
    this.emit('newproducer', producer);
    return producer;
  }

  private onLoudest(loudest: { producerId: string; volume: number } | null): void {
    if (this.closedFlag) return;
    if (!loudest) {
      this.emit('activespeaker', null);
      return;
    }
    const producer = this.producersById.get(loudest.producerId);
    if (producer) this.emit('activespeaker', { mediaKey: producer.mediaKey, ...loudest });
  }

  private ensurePeer(mediaKey: string): PeerMedia {
    this.assertOpen();
    let peer = this.peers.get(mediaKey);
    if (!peer) {
      peer = new PeerMedia(mediaKey, this.log.child({ mediaKey }));
      this.peers.set(mediaKey, peer);
    }
    return peer;
  }

  private peerOrThrow(mediaKey: string, transportId: string): PeerMedia {
    this.assertOpen();
    const peer = this.peers.get(mediaKey);
    if (!peer) throw SfuErrors.transportNotFound(transportId);
    return peer;
  }

  /** A transport made while the room closed or the peer was closed/removed is closed at once. */
  private keepOrDrop(peer: PeerMedia, gen: number, transport: types.Transport): void {
    if (this.closedFlag) {
      transport.close();
      throw SfuErrors.roomClosed(this.id);
    }
    if (this.peers.get(peer.id) !== peer || peer.generation !== gen) {
      transport.close();
      throw SfuErrors.peerGone(peer.id);
    }
  }

  private assertOpen(): void {
    if (this.closedFlag) throw SfuErrors.roomClosed(this.id);
  }
}
