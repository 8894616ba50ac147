import type { DownlinkPolicy, DownlinkSample } from './downlink-judge';
import type { DtlsParameters, IceParameters, MediaKind, RtpCapabilities, RtpParameters, TransportInfo } from '@shuoshi/protocol';

/**
 * The narrow interface through which rooms reach the media layer (@shuoshi/sfu).
 * Signalling speaks only these terms; `sfu-adapter.ts` maps them onto mediasoup's
 * objects, and unit tests use fakes.
 */
export interface MediaProducerPort {
  readonly id: string;
  readonly kind: MediaKind;
  readonly paused: boolean;
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): void;
}

export type ConsumerEvent = 'producerpause' | 'producerresume' | 'close';

export interface MediaConsumerPort {
  readonly id: string;
  readonly producerId: string;
  readonly kind: MediaKind;
  readonly rtpParameters: RtpParameters;
  /** `simulcast` when the producer sends several encodings. */
  readonly type: string;
  readonly producerPaused: boolean;
  resume(): Promise<void>;
  /** The server holds it back (a receiver's weak downlink); the client's resume does not undo it. */
  pause(): Promise<void>;
  setPreferredLayers(layers: { spatialLayer: number; temporalLayer?: number }): Promise<void>;
  /** The share of the receiver's downlink this (video) stream gets when it is short (1–255; mediasoup's consumer priority). */
  setPriority(priority: number): Promise<void>;
  close(): void;
  /** The producer was paused or resumed, or the consumer closed (its producer or transport went). */
  onEvent(listener: (event: ConsumerEvent) => void): void;
}

export interface ProducerPortOptions {
  kind: MediaKind;
  rtpParameters: RtpParameters;
  paused: boolean;
  appData: Record<string, unknown>;
}

/** One room's media: a mediasoup Router with its transports, producers and consumers. */
export interface MediaSession {
  readonly routerRtpCapabilities: RtpCapabilities;
  /** Registers a seat before its first transport (so the session counts it). */
  addPeer(peerId: string): void;
  /** Refuses (MEDIA_REJECTED) receive capabilities that decode none of the room's codecs. */
  checkRtpCapabilities(rtpCapabilities: RtpCapabilities): void;
  createTransport(peerId: string, direction: 'send' | 'recv'): Promise<TransportInfo>;
  connectTransport(peerId: string, transportId: string, dtlsParameters: DtlsParameters): Promise<void>;
  restartIce(peerId: string, transportId: string): Promise<IceParameters>;
  /** Bytes received from the seat so far on all its transports (undefined: none open); see link-watch.ts. */
  receivedBytes(peerId: string): Promise<number | undefined>;
  /** How well the seat's own media reaches the server: its flowing producers' lowest score, 0–10 (undefined: none flows). */
  sendScore(peerId: string): number | undefined;
  /** How media reaches the seat: bandwidth estimate, loss, consumer scores (undefined: no receive transport); see downlink-guard.ts. */
  downlinkSample(peerId: string): Promise<Omit<DownlinkSample, 'at'> | undefined>;
  /** When this media host calls a downlink weak (config DOWNLINK_*; absent: the defaults). */
  readonly downlinkPolicy?: DownlinkPolicy | undefined;
  produce(peerId: string, transportId: string, options: ProducerPortOptions): Promise<MediaProducerPort>;
  /** A paused consumer, or undefined when the receiver cannot decode the producer's codec. */
  consume(peerId: string, transportId: string, producerId: string, rtpCapabilities: RtpCapabilities): Promise<MediaConsumerPort | undefined>;
  /** Closes the peer's transports, and with them its producers and consumers, and forgets the peer. */
  closePeer(peerId: string): void;
  close(): void;
  /** The dominant speaker's producer id (null when everyone is silent). */
  onActiveSpeaker(listener: (producerId: string | null) => void): void;
  /** The media side closed by itself (its worker died), not because the room asked. */
  onClose(listener: () => void): void;
}

/** Where rooms get their media sessions: one per room id, created on first use. */
export interface MediaHost {
  openSession(roomId: string): Promise<MediaSession>;
}
