import { EventEmitter } from 'node:events';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';

/** Why a producer or consumer closed. */
export type MediaCloseReason = 'closed' | 'transportclose' | 'producerclose';

export type MediaProducerEvents = {
  /** The sender's uplink quality per encoding (score 0–10). */
  score: [scores: types.ProducerScore[]];
  close: [reason: MediaCloseReason];
};

/**
 * One track a peer publishes (camera, microphone, screen, or RTP from a tool).
 * A thin handle over mediasoup's Producer: it knows its owner and says why it closed.
 */
export class MediaProducer extends EventEmitter<MediaProducerEvents> {
  private closedFlag = false;

  constructor(
    private readonly producer: types.Producer,
    readonly mediaKey: string,
    private readonly log: Logger,
  ) {
    super();
    producer.on('transportclose', () => this.finish('transportclose'));
    producer.observer.once('close', () => this.finish('closed'));
    producer.on('score', (scores) => this.emit('score', scores));
  }

  get id(): string {
    return this.producer.id;
  }
  get kind(): types.MediaKind {
    return this.producer.kind;
  }
  /** 'simple', 'simulcast' or 'svc'. */
  get type(): types.ProducerType {
    return this.producer.type;
  }
  get rtpParameters(): types.RtpParameters {
    return this.producer.rtpParameters;
  }
  get appData(): Record<string, unknown> {
    return this.producer.appData;
  }
  /** appData.source when the client said what this is ('camera', 'mic', 'screen'...). */
  get source(): string | undefined {
    const s = this.producer.appData['source'];
    return typeof s === 'string' ? s : undefined;
  }
  get paused(): boolean {
    return this.producer.paused;
  }
  get closed(): boolean {
    return this.closedFlag;
  }
  get score(): types.ProducerScore[] {
    return this.producer.score;
  }

  async pause(): Promise<void> {
    if (this.closedFlag) return;
    await this.producer.pause();
    this.log.debug({ producerId: this.id }, 'producer paused');
  }

  async resume(): Promise<void> {
    if (this.closedFlag) return;
    await this.producer.resume();
    this.log.debug({ producerId: this.id }, 'producer resumed');
  }

  getStats(): Promise<types.ProducerStat[]> {
    return this.producer.getStats();
  }

  /** Closes the producer; its consumers get 'producerclose'. Idempotent. */
  close(): void {
    if (this.closedFlag) return;
    this.producer.close();
    this.finish('closed');
  }

  /** The mediasoup object, for code inside this package (the room, recording). */
  get raw(): types.Producer {
    return this.producer;
  }

  private finish(reason: MediaCloseReason): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.log.debug({ producerId: this.id, kind: this.kind, reason }, 'producer closed');
    this.emit('close', reason);
    this.removeAllListeners();
  }
}
