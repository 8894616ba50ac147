import crypto from 'node:crypto';
import type {
  ConsumerInfo,
  DownlinkMode,
  MediaSource,
  NotificationName,
  NotificationPayload,
  PeerInfo,
  PeerLinkState,
  ProducerInfo,
  Role,
  RtpCapabilities,
} from '@shuoshi/protocol';
import type { Logger } from '../logger';
import type { MediaConsumerPort, MediaProducerPort } from './media-port';

/**
 * A peer's link to its current socket. The room talks to peers only through links,
 * so the socket code just moves messages and a reconnecting socket can take over.
 */
export interface PeerLink {
  readonly id: string;
  notify<N extends NotificationName>(name: N, payload: NotificationPayload<N>): void;
  /** The seat ended while this link held it: tell the socket and forget the binding. */
  release(reason: SeatEndReason): void;
}

/** Why a seat ended, as `sessionEnded` tells its socket. */
export type SeatEndReason = 'replaced' | 'timeout' | 'closed' | 'removed' | 'ended' | 'declined';

export interface OwnedProducer {
  producer: MediaProducerPort;
  source: MediaSource;
  /** Simulcast scales, lowest layer first, and the captured height: for layer choice. */
  scales: number[];
  sourceHeight: number;
}

export interface OwnedConsumer {
  consumer: MediaConsumerPort;
  /** Whose producer this consumer receives. */
  fromPeerId: string;
  source: MediaSource;
  producer: OwnedProducer;
  /** The client resumed it (`resumeConsumer`): it flows unless held. */
  clientResumed?: boolean;
  /** Held back by the server for the receiver's weak downlink (downlink-guard.ts). */
  held?: boolean;
  /** Kept at the lowest layer for the receiver's weak downlink. */
  capped?: boolean;
  /** The receiver's tile is out of view (`setRenderedSize` 0 × 0): paused until it is shown (consumer-flow.ts). */
  offscreen?: boolean;
  /** The layer the receiver's tile asked for (setRenderedSize). */
  wantedLayer?: number;
}

/**
 * A seat in a room: identity from the join token, the socket link (absent while the
 * peer is reconnecting), and the media it owns. A dropped link starts the grace timer;
 * a resume within it re-attaches and cancels it.
 */
export class Peer {
  /** The seat instance; a resume token names it, so a removed seat cannot be resumed. */
  readonly sessionId: string;
  readonly transports = new Map<string, 'send' | 'recv'>();
  readonly producers = new Map<string, OwnedProducer>();
  readonly consumers = new Map<string, OwnedConsumer>();
  /** Producers a consumer is being created for (so two paths never consume one twice). */
  readonly pendingConsumes = new Set<string>();
  /** The key under which the media layer files this seat's transports (unique per seat instance and admission). */
  mediaKey: string;
  rtpCapabilities: RtpCapabilities | undefined;
  /** Whether the seat's media reaches the server (link-watch.ts). */
  mediaLink: PeerLinkState = 'good';
  /** What this seat's downlink carries (downlink-guard.ts). */
  downlink: DownlinkMode = 'full';
  /** Transports and producers being made (awaiting the media layer): they count against the limits. */
  private readonly reserved = { transport: 0, producer: 0 };
  private currentLink: PeerLink | undefined;
  private graceTimer: NodeJS.Timeout | undefined;
  private closedFlag = false;

  constructor(
    readonly id: string,
    readonly displayName: string,
    readonly role: Role,
    link: PeerLink | undefined,
    readonly log: Logger,
    /** The village talk room this seat joins from (its join token's), shown on its tile. */
    readonly talkRoom: string | null = null,
    /** A seat rebuilt on another node keeps its instance, so its resume token still names it. */
    sessionId: string = crypto.randomUUID(),
  ) {
    this.sessionId = sessionId;
    this.currentLink = link;
    this.mediaKey = `${id}~${this.sessionId.slice(0, 8)}`;
  }

  get link(): PeerLink | undefined {
    return this.currentLink;
  }
  get connected(): boolean {
    return this.currentLink !== undefined;
  }
  get closed(): boolean {
    return this.closedFlag;
  }
  get recvTransportId(): string | undefined {
    for (const [id, dir] of this.transports) if (dir === 'recv') return id;
    return undefined;
  }

  /** Binds a (new) socket; cancels the grace timer. Returns the link it replaced, if any. */
  attach(link: PeerLink): PeerLink | undefined {
    const previous = this.currentLink;
    this.currentLink = link;
    clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    return previous === link ? undefined : previous;
  }

  /** The socket dropped: keep the seat for `graceMs`, then call `onExpire`. */
  detach(link: PeerLink, graceMs: number, onExpire: () => void): boolean {
    if (this.currentLink !== link || this.closedFlag) return false;
    this.currentLink = undefined;
    clearTimeout(this.graceTimer);
    this.graceTimer = setTimeout(onExpire, graceMs);
    this.graceTimer.unref?.();
    return true;
  }

  /** A seat rebuilt without a socket (its room moved nodes): kept for `graceMs` for its owner to come back. */
  awaitReturn(graceMs: number, onExpire: () => void): void {
    if (this.currentLink || this.closedFlag) return;
    clearTimeout(this.graceTimer);
    this.graceTimer = setTimeout(onExpire, graceMs);
    this.graceTimer.unref?.();
  }

  notify<N extends NotificationName>(name: N, payload: NotificationPayload<N>): void {
    this.currentLink?.notify(name, payload);
  }

  /**
   * Takes one of at most `max` transports or producers before the media layer is asked,
   * so that concurrent requests cannot all pass the limit; undefined when none is left.
   * Call the returned release once the request ended (the made object is in its map by then).
   */
  reserve(what: 'transport' | 'producer', max: number): (() => void) | undefined {
    const made = what === 'transport' ? this.transports.size : this.producers.size;
    if (made + this.reserved[what] >= max) return undefined;
    this.reserved[what]++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reserved[what]--;
    };
  }

  hasConsumerOf(producerId: string): boolean {
    if (this.pendingConsumes.has(producerId)) return true;
    for (const c of this.consumers.values()) if (c.consumer.producerId === producerId) return true;
    return false;
  }

  info(): PeerInfo {
    return {
      peerId: this.id,
      displayName: this.displayName,
      role: this.role,
      connection: this.connected ? 'connected' : 'reconnecting',
      ...(this.mediaLink !== 'good' ? { link: this.mediaLink } : {}),
      producers: this.producerInfos(),
      ...(this.talkRoom ? { talkRoom: this.talkRoom } : {}),
    };
  }

  producerInfos(): ProducerInfo[] {
    return [...this.producers.values()].map((p) => ({ producerId: p.producer.id, kind: p.producer.kind, source: p.source, paused: p.producer.paused }));
  }

  consumerInfos(): ConsumerInfo[] {
    return [...this.consumers.values()].map((c) => consumerInfo(c));
  }

  /** Idempotent. Media objects are closed by the room's media session (closePeer). */
  /** Back to the lobby: forget the media (the room closed it in the media layer); a later admission gets a new key. */
  resetMedia(): void {
    this.producers.clear();
    this.consumers.clear();
    this.transports.clear();
    this.pendingConsumes.clear();
    this.rtpCapabilities = undefined;
    this.mediaLink = 'good';
    this.mediaKey = `${this.id}~${crypto.randomUUID().slice(0, 8)}`;
  }

  close(reason?: SeatEndReason): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    clearTimeout(this.graceTimer);
    this.graceTimer = undefined;
    if (reason) this.currentLink?.release(reason);
    this.currentLink = undefined;
    this.producers.clear();
    this.consumers.clear();
    this.transports.clear();
  }
}

export function consumerInfo(c: OwnedConsumer): ConsumerInfo {
  return {
    consumerId: c.consumer.id,
    producerId: c.consumer.producerId,
    peerId: c.fromPeerId,
    kind: c.consumer.kind,
    source: c.source,
    rtpParameters: c.consumer.rtpParameters,
    producerPaused: c.consumer.producerPaused,
  };
}
