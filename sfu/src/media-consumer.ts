import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import type { MediaCloseReason } from './media-producer';

export type MediaConsumerEvents = {
  /** The producer closed: this consumer closes right after (with 'close' 'producerclose'). */
  producerclose: [];
  producerpause: [];
  producerresume: [];
  /** The layers now forwarded to the receiver (undefined: none, e.g. the producer went quiet). */
  layerschange: [layers: types.ConsumerLayers | undefined];
  /** Receiver-side quality (score, producerScore, producerScores; 0–10). */
  score: [score: types.ConsumerScore];
  close: [reason: MediaCloseReason];
};

/**
 * One producer forwarded to one receiver. Created paused: call `resume()` once the
 * client has set up its side, or the first frames arrive before it can decode them.
 */
export class MediaConsumer extends EventEmitter<MediaConsumerEvents> {
  private closedFlag = false;

  constructor(
    private readonly consumer: types.Consumer,
    /** The receiving peer (undefined for a PlainTransport output such as recording). */
    readonly mediaKey: string | undefined,
    private readonly log: Logger,
  ) {
    super();
    consumer.on('transportclose', () => this.finish('transportclose'));
    consumer.on('producerclose', () => {
      this.emit('producerclose');
      this.finish('producerclose');
    });
    consumer.on('producerpause', () => this.emit('producerpause'));
    consumer.on('producerresume', () => this.emit('producerresume'));
    consumer.on('layerschange', (layers) => this.emit('layerschange', layers));
    consumer.on('score', (score) => this.emit('score', score));
    consumer.observer.once('close', () => this.finish('closed'));
  }

  get id(): string {
    return this.consumer.id;
  }
  get producerId(): string {
    return this.consumer.producerId;
  }
  get kind(): types.MediaKind {
    return this.consumer.kind;
  }
  /** What the receiver passes to its transport's consume(). */
  get rtpParameters(): types.RtpParameters {
    return this.consumer.rtpParameters;
  }
  /** 'simple', 'simulcast', 'svc' or 'pipe'. */
  get type(): types.ConsumerType {
    return this.consumer.type;
  }
  get paused(): boolean {
    return this.consumer.paused;
  }
  get producerPaused(): boolean {
    return this.consumer.producerPaused;
  }
  get closed(): boolean {
    return this.closedFlag;
  }
  get preferredLayers(): types.ConsumerLayers | undefined {
    return this.consumer.preferredLayers;
  }
  get currentLayers(): types.ConsumerLayers | undefined {
    return this.consumer.currentLayers;
  }
  get priority(): number {
    return this.consumer.priority;
  }
  get score(): types.ConsumerScore {
    return this.consumer.score;
  }

  async resume(): Promise<void> {
    if (this.closedFlag) return;
    await this.consumer.resume();
  }

  async pause(): Promise<void> {
    if (this.closedFlag) return;
    await this.consumer.pause();
  }

  /**
   * The highest simulcast/SVC layers this receiver wants (fit to its render size).
   * mediasoup treats it as a ceiling and drops lower when bandwidth is short.
   */
  async setPreferredLayers(layers: types.ConsumerLayers): Promise<void> {
    if (this.closedFlag) return;
    await this.consumer.setPreferredLayers(layers);
  }

  /** Share of the receiver's bandwidth (1–255, default 1): raise it for the speaker's video. */
  async setPriority(priority: number): Promise<void> {
    if (this.closedFlag) return;
    await this.consumer.setPriority(priority);
  }

  async requestKeyFrame(): Promise<void> {
    if (this.closedFlag || this.kind !== 'video') return;
    await this.consumer.requestKeyFrame();
  }

  getStats(): Promise<Array<types.ConsumerStat | types.ProducerStat>> {
    return this.consumer.getStats();
  }

  /** Stops forwarding. Idempotent. */
  close(): void {
    if (this.closedFlag) return;
    this.consumer.close();
    this.finish('closed');
  }

  private finish(reason: MediaCloseReason): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.log.debug({ consumerId: this.id, producerId: this.producerId, reason }, 'consumer closed');
    this.emit('close', reason);
    this.removeAllListeners();
  }
}
