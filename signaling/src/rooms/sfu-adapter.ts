import type { MediaConsumer, MediaProducer, MediaRoom, PlainRtpOutput } from '@shuoshi/sfu';
import { isSfuError } from '@shuoshi/sfu';
import { ErrorCode, type DtlsParameters, type IceParameters, type RtpCapabilities, type RtpParameters, type TransportInfo } from '@shuoshi/protocol';
import { AppError } from '../errors';
import type { RecordableRoom, RecordableRooms, RecordingOutput, RecordingTarget } from '../recording/media';
import type { DownlinkPolicy } from './downlink-judge';
import type { ConsumerEvent, MediaConsumerPort, MediaHost, MediaProducerPort, MediaSession, ProducerPortOptions } from './media-port';

/**
 * The media port implemented by @shuoshi/sfu: a MediaRoom per room. Protocol shapes
 * are structural copies of mediasoup's types, so values pass through with a cast at
 * this one boundary; mediasoup validates them in depth.
 */
const ms = <T>(v: unknown) => v as T;

/** SfuErrors become protocol errors: a client's fault keeps its meaning, the rest is ROOM_UNAVAILABLE. */
function translate(err: unknown): never {
  if (!isSfuError(err)) throw err;
  switch (err.code) {
    case 'TRANSPORT_NOT_FOUND':
    case 'PRODUCER_NOT_FOUND':
    case 'CONSUMER_NOT_FOUND':
      throw new AppError(404, ErrorCode.NotFound, err.message);
    case 'WRONG_DIRECTION':
      throw new AppError(400, ErrorCode.BadRequest, err.message);
    case 'CANNOT_CONSUME':
    case 'UNUSABLE_CAPABILITIES':
      throw new AppError(400, ErrorCode.MediaRejected, err.message);
    case 'PEER_GONE':
      throw new AppError(410, ErrorCode.SessionExpired, err.message);
    default:
      throw new AppError(503, ErrorCode.RoomUnavailable, err.message);
  }
}

/** Operations that carry the client's own media parameters, and what to tell it when mediasoup refuses them. */
const refusals = {
  connect: 'the media server refused these DTLS parameters, or the transport is already connected',
  produce: 'the media server refused these RTP parameters (unsupported codec, or an SSRC, MID or RID already in use)',
  consume: 'the media server cannot send this producer to these capabilities',
  restartIce: 'the media server could not restart ICE on this transport',
} as const;

/**
 * mediasoup's own refusals of a request: a TypeError or UnsupportedError from its
 * parameter checks, or an Error the worker answered the request with (its message ends
 * with `[method:…]`). A closed channel or transport (InvalidStateError) is not one.
 */
function isMediasoupRefusal(err: unknown): err is Error {
  if (!(err instanceof Error)) return false;
  return err.name === 'TypeError' || err.name === 'UnsupportedError' || (err.name === 'Error' && /\[method:[\w.]+\]\s*$/.test(err.message));
}

/**
 * Runs a media call; SfuErrors are translated, mediasoup refusing the client's
 * parameters (`op`) becomes MEDIA_REJECTED with a fixed message (mediasoup's own, which
 * may quote the client's values, goes to the log as the error's details), and a
 * closed channel becomes ROOM_UNAVAILABLE.
 */
async function call<T>(fn: () => Promise<T>, op?: keyof typeof refusals): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (op && isMediasoupRefusal(err)) throw new AppError(400, ErrorCode.MediaRejected, refusals[op], err.message);
    if (err instanceof Error && err.name === 'InvalidStateError') throw new AppError(503, ErrorCode.RoomUnavailable, 'the media session is closing');
    return translate(err);
  }
}

class ProducerHandle implements MediaProducerPort {
  constructor(private readonly p: MediaProducer) {}
  get id() {
    return this.p.id;
  }
  get kind() {
    return this.p.kind;
  }
  get paused() {
    return this.p.paused;
  }
  pause() {
    return this.p.pause();
  }
  resume() {
    return this.p.resume();
  }
  close() {
    this.p.close();
  }
}

class ConsumerHandle implements MediaConsumerPort {
  constructor(private readonly c: MediaConsumer) {}
  get id() {
    return this.c.id;
  }
  get producerId() {
    return this.c.producerId;
  }
  get kind() {
    return this.c.kind;
  }
  get rtpParameters() {
    return ms<RtpParameters>(this.c.rtpParameters);
  }
  get type() {
    return this.c.type;
  }
  get producerPaused() {
    return this.c.producerPaused;
  }
  resume() {
    return this.c.resume();
  }
  pause() {
    return this.c.pause();
  }
  setPreferredLayers(layers: { spatialLayer: number; temporalLayer?: number }) {
    return this.c.setPreferredLayers(layers);
  }
  setPriority(priority: number) {
    return this.c.setPriority(priority);
  }
  close() {
    this.c.close();
  }
  onEvent(listener: (e: ConsumerEvent) => void) {
    if (this.c.closed) return queueMicrotask(() => listener('close'));
    this.c.on('producerpause', () => listener('producerpause'));
    this.c.on('producerresume', () => listener('producerresume'));
    this.c.on('close', () => listener('close'));
  }
}

export class SfuMediaSession implements MediaSession {
  constructor(
    private readonly room: MediaRoom,
    readonly downlinkPolicy?: DownlinkPolicy,
  ) {}

  get routerRtpCapabilities() {
    return ms<RtpCapabilities>(this.room.rtpCapabilities);
  }

  addPeer(peerId: string) {
    try {
      this.room.addPeer(peerId);
    } catch (err) {
      translate(err);
    }
  }

  checkRtpCapabilities(caps: RtpCapabilities): void {
    try {
      this.room.checkRtpCapabilities(ms(caps));
    } catch (err) {
      translate(err);
    }
  }

  createTransport(peerId: string, direction: 'send' | 'recv'): Promise<TransportInfo> {
    return call(async () => {
      const t = await this.room.createWebRtcTransport(peerId, direction);
      return { transportId: t.id, iceParameters: t.iceParameters, iceCandidates: ms(t.iceCandidates), dtlsParameters: ms(t.dtlsParameters) };
    });
  }

  connectTransport(peerId: string, transportId: string, dtlsParameters: DtlsParameters) {
    return call(() => this.room.connectTransport(peerId, transportId, ms(dtlsParameters)), 'connect');
  }

  sendScore(peerId: string) {
    return this.room.sendScore(peerId);
  }

  downlinkSample(peerId: string) {
    return this.room.downlinkSample(peerId);
  }

  receivedBytes(peerId: string): Promise<number | undefined> {
    return this.room.receivedBytes(peerId);
  }

  async restartIce(peerId: string, transportId: string): Promise<IceParameters> {
    return ms<IceParameters>(await call(() => this.room.restartIce(peerId, transportId), 'restartIce'));
  }

  produce(peerId: string, transportId: string, o: ProducerPortOptions): Promise<MediaProducerPort> {
    return call(async () => {
      const p = await this.room.produce(peerId, transportId, { kind: o.kind, rtpParameters: ms(o.rtpParameters), paused: o.paused, appData: o.appData });
      return new ProducerHandle(p);
    }, 'produce');
  }

  consume(peerId: string, transportId: string, producerId: string, caps: RtpCapabilities): Promise<MediaConsumerPort | undefined> {
    return call(async () => {
      if (!this.room.canConsume(producerId, ms(caps))) return undefined;
      return new ConsumerHandle(await this.room.consume(peerId, transportId, producerId, ms(caps)));
    }, 'consume');
  }

  closePeer(peerId: string) {
    this.room.removePeer(peerId);
  }

  close() {
    this.room.close();
  }

  onActiveSpeaker(listener: (producerId: string | null) => void) {
    this.room.on('activespeaker', (s) => listener(s?.producerId ?? null));
  }

  onClose(listener: () => void) {
    // 'empty' and 'closed' are the room's own doing; a dead worker or a shutdown is not
    this.room.on('close', (reason) => {
      if (reason === 'worker-died' || reason === 'shutdown') listener();
    });
  }
}

/** A plain-RTP output seen in the protocol's terms (what the recorder reads). */
class RecordingOutputHandle implements RecordingOutput {
  constructor(private readonly o: PlainRtpOutput) {}
  get kind() {
    return this.o.kind;
  }
  get producerId() {
    return this.o.producerId;
  }
  get rtpParameters() {
    return ms<RtpParameters>(this.o.rtpParameters);
  }
  get closed() {
    return this.o.closed;
  }
  resume() {
    return this.o.resume();
  }
  requestKeyFrame() {
    return this.o.requestKeyFrame();
  }
  getStats() {
    return this.o.getStats();
  }
  close() {
    this.o.close();
  }
  once(event: 'close', listener: () => void) {
    return this.o.once(event, listener);
  }
}

/** A live media room as the recorder sees it: producers forwarded as plain RTP to ffmpeg. */
export class SfuRecordableRoom implements RecordableRoom {
  constructor(private readonly room: MediaRoom) {}
  get closed() {
    return this.room.closed;
  }
  async consumeToPlainRtp(producerId: string, target: RecordingTarget, opts: { paused: boolean }): Promise<RecordingOutput> {
    return new RecordingOutputHandle(await this.room.consumeToPlainRtp(producerId, target, opts));
  }
  once(event: 'close', listener: () => void) {
    return this.room.once(event, () => listener());
  }
}

/**
 * Opens rooms' media on the SFU's registry (one MediaRoom per room id, on the
 * least-loaded worker), and finds a live one for the recorder: the one path from
 * signalling to the SFU.
 */
export class SfuMediaHost implements MediaHost, RecordableRooms {
  constructor(
    private readonly rooms: { getOrCreateRoom(roomId: string): Promise<MediaRoom>; getRoom(roomId: string): MediaRoom | undefined },
    /** When a receiver's downlink is weak (config DOWNLINK_*): travels with each session to its room's DownlinkGuard. */
    private readonly downlinkPolicy?: DownlinkPolicy,
  ) {}

  async openSession(roomId: string): Promise<MediaSession> {
    const room = await call(() => this.rooms.getOrCreateRoom(roomId));
    if (room.closed) throw new AppError(503, ErrorCode.RoomUnavailable, 'the media room closed as it opened');
    return new SfuMediaSession(room, this.downlinkPolicy);
  }

  recordableRoom(roomId: string): RecordableRoom | undefined {
    const room = this.rooms.getRoom(roomId);
    return room ? new SfuRecordableRoom(room) : undefined;
  }
}
