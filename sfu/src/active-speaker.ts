import type { types } from 'mediasoup';
import type { Logger } from 'pino';

/** The loudest audio producer right now, or null when everyone is silent. */
export interface LoudestProducer {
  producerId: string;
  /** dBov, -127 (silence) to 0 (loudest). */
  volume: number;
}

/**
 * Watches a room's audio producers with an AudioLevelObserver and reports only when
 * the loudest one changes (not every interval), so the app can forward each change
 * to the room without flooding sockets.
 */
export class SpeakerDetector {
  private current: string | null = null;

  private constructor(
    private readonly observer: types.AudioLevelObserver,
    private readonly log: Logger,
    onChange: (loudest: LoudestProducer | null) => void,
  ) {
    observer.on('volumes', (volumes) => {
      const top = volumes[0];
      if (!top || top.producer.id === this.current) return;
      this.current = top.producer.id;
      onChange({ producerId: top.producer.id, volume: top.volume });
    });
    observer.on('silence', () => {
      if (this.current === null) return;
      this.current = null;
      onChange(null);
    });
  }

  static async create(
    router: types.Router,
    opts: { thresholdDb: number; intervalMs: number },
    log: Logger,
    onChange: (loudest: LoudestProducer | null) => void,
  ): Promise<SpeakerDetector> {
    const observer = await router.createAudioLevelObserver({
      maxEntries: 1,
      threshold: opts.thresholdDb,
      interval: opts.intervalMs,
    });
    return new SpeakerDetector(observer, log, onChange);
  }

  /** The producer currently reported as loudest. */
  get loudest(): string | null {
    return this.current;
  }

  /** Starts watching an audio producer; it is dropped by mediasoup when it closes. */
  async add(producerId: string): Promise<void> {
    try {
      await this.observer.addProducer({ producerId });
    } catch (err) {
      // The producer may have closed meanwhile: not worth failing the produce request.
      this.log.warn({ err, producerId }, 'cannot watch audio level of producer');
    }
  }

  /** Forgets a producer that closed; true when it was the loudest (the caller reports silence). */
  forget(producerId: string): boolean {
    if (this.current !== producerId) return false;
    this.current = null;
    return true;
  }

  close(): void {
    if (!this.observer.closed) this.observer.close();
  }
}
