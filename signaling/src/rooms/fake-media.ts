import type { DtlsParameters, MediaKind, NotificationName, NotificationPayload, RtpCapabilities, RtpParameters, TransportInfo } from '@shuoshi/protocol';
import type { ConsumerEvent, MediaConsumerPort, MediaHost, MediaProducerPort, MediaSession, ProducerPortOptions } from './media-port';
import type { PeerLink, SeatEndReason } from './peer';

/** An in-memory media layer for unit tests: records calls, never touches mediasoup. */
export class FakeProducer implements MediaProducerPort {
  paused: boolean;
  closed = false;
  readonly consumers = new Set<FakeConsumer>();
  constructor(
    readonly id: string,
    readonly kind: MediaKind,
    readonly ownerKey: string,
    options: ProducerPortOptions,
  ) {
    this.paused = options.paused;
  }
  async pause() {
    this.paused = true;
    for (const c of this.consumers) c.fire('producerpause');
  }
  async resume() {
    this.paused = false;
    for (const c of this.consumers) c.fire('producerresume');
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    for (const c of [...this.consumers]) c.close();
  }
}

export class FakeConsumer implements MediaConsumerPort {
  paused = true;
  closed = false;
  preferred: { spatialLayer: number; temporalLayer?: number } | undefined;
  priority = 1;
  private listeners: Array<(e: ConsumerEvent) => void> = [];
  constructor(
    readonly id: string,
    readonly producer: FakeProducer,
    readonly ownerKey: string,
    readonly type: string,
  ) {}
  get producerId() {
    return this.producer.id;
  }
  get kind() {
    return this.producer.kind;
  }
  get producerPaused() {
    return this.producer.paused;
  }
  readonly rtpParameters: RtpParameters = { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }] };
  async resume() {
    this.paused = false;
  }
  async pause() {
    this.paused = true;
  }
  async setPreferredLayers(l: { spatialLayer: number; temporalLayer?: number }) {
    this.preferred = l;
  }
  async setPriority(priority: number) {
    this.priority = priority;
  }
  onEvent(listener: (e: ConsumerEvent) => void) {
    this.listeners.push(listener);
  }
  fire(e: ConsumerEvent) {
    for (const l of this.listeners) l(e);
  }
  close() {
    if (this.closed) return;
    this.closed = true;
    this.producer.consumers.delete(this);
    this.fire('close');
  }
}

export class FakeMediaSession implements MediaSession {
  readonly routerRtpCapabilities: RtpCapabilities = { codecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 }] };
  readonly transports = new Map<string, { ownerKey: string; direction: 'send' | 'recv'; connected: boolean }>();
  readonly producers = new Map<string, FakeProducer>();
  readonly consumers = new Map<string, FakeConsumer>();
  closed = false;
  private seq = 0;
  private speaker: ((id: string | null) => void) | undefined;
  private closeListener: (() => void) | undefined;
  /** Let tests hold a call in flight. */
  gate: Promise<void> = Promise.resolve();

  readonly seats = new Set<string>();
  /** The fake decodes whatever it is told (the real rule lives in @shuoshi/sfu, capabilities.ts). */
  checkRtpCapabilities(_caps: RtpCapabilities) {}

  addPeer(ownerKey: string) {
    this.seats.add(ownerKey);
  }
  async createTransport(ownerKey: string, direction: 'send' | 'recv'): Promise<TransportInfo> {
    await this.gate;
    const transportId = `t${++this.seq}`;
    this.transports.set(transportId, { ownerKey, direction, connected: false });
    return {
      transportId,
      iceParameters: { usernameFragment: 'u', password: 'p' },
      iceCandidates: [],
      dtlsParameters: { fingerprints: [{ algorithm: 'sha-256', value: 'AA' }] },
    };
  }
  async connectTransport(_owner: string, id: string, _dtls: DtlsParameters) {
    const t = this.transports.get(id);
    if (!t) throw new Error('no transport');
    t.connected = true;
  }
  /** What receivedBytes answers, per owner key (tests set it; absent: no transport). */
  readonly bytes = new Map<string, number>();
  async receivedBytes(ownerKey: string) {
    return this.bytes.get(ownerKey);
  }
  /** Rooms on the fake run no downlink guard of their own (tests make one: downlink-guard.test.ts). */
  readonly downlinkPolicy = { weakKbps: 0, weakLoss: 0.03, weakSeconds: 4, goodSeconds: 10 };
  /** What sendScore answers, per owner key (absent: nothing flows). */
  readonly scores = new Map<string, number>();
  sendScore(ownerKey: string) {
    return this.scores.get(ownerKey);
  }
  /** What downlinkSample answers, per owner key (tests set it; absent: no receive transport). */
  readonly downlink = new Map<string, { availableBps: number | undefined; loss: number | undefined; minScore: number | undefined }>();
  async downlinkSample(ownerKey: string) {
    return this.downlink.get(ownerKey);
  }
  async restartIce() {
    return { usernameFragment: `u${++this.seq}`, password: 'p2' };
  }
  async produce(ownerKey: string, _transportId: string, options: ProducerPortOptions) {
    await this.gate;
    const p = new FakeProducer(`prod${++this.seq}`, options.kind, ownerKey, options);
    this.producers.set(p.id, p);
    return p;
  }
  async consume(ownerKey: string, _transportId: string, producerId: string) {
    await this.gate;
    const producer = this.producers.get(producerId);
    if (!producer || producer.closed) return undefined;
    const c = new FakeConsumer(`cons${++this.seq}`, producer, ownerKey, producer.kind === 'video' ? 'simulcast' : 'simple');
    producer.consumers.add(c);
    this.consumers.set(c.id, c);
    return c;
  }
  closePeer(ownerKey: string) {
    this.seats.delete(ownerKey);
    for (const [id, t] of this.transports) if (t.ownerKey === ownerKey) this.transports.delete(id);
    for (const p of this.producers.values()) if (p.ownerKey === ownerKey) p.close();
    for (const c of this.consumers.values()) if (c.ownerKey === ownerKey) c.close();
  }
  close() {
    this.closed = true;
  }
  onActiveSpeaker(l: (id: string | null) => void) {
    this.speaker = l;
  }
  onClose(l: () => void) {
    this.closeListener = l;
  }
  speak(producerId: string | null) {
    this.speaker?.(producerId);
  }
  die() {
    this.closeListener?.();
  }
}

export class FakeMediaHost implements MediaHost {
  readonly sessions: FakeMediaSession[] = [];
  opened = 0;
  fail = false;
  async openSession() {
    this.opened++;
    await new Promise((r) => setTimeout(r, 5));
    if (this.fail) throw new Error('no worker');
    const s = new FakeMediaSession();
    this.sessions.push(s);
    return s;
  }
}

/** A socket as a room sees it, for unit tests: keeps every notification, and why it was released. */
export class FakeLink implements PeerLink {
  static seq = 0;
  readonly id = `l${++FakeLink.seq}`;
  readonly events: Array<{ name: NotificationName; payload: unknown }> = [];
  released: SeatEndReason | undefined;
  notify<N extends NotificationName>(name: N, payload: NotificationPayload<N>) {
    this.events.push({ name, payload });
  }
  release(reason: SeatEndReason) {
    this.released = reason;
  }
  /** The payloads of one notification, oldest first. */
  of<N extends NotificationName>(name: N): Array<NotificationPayload<N>> {
    return this.events.filter((e) => e.name === name).map((e) => e.payload as NotificationPayload<N>);
  }
}
