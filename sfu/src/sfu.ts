import type { Logger } from 'pino';
import type { SfuConfig, SfuConfigInput } from './config';
import type { MediaRoom } from './media-room';
import { MediaRoomRegistry } from './media-room-registry';
import { WorkerPool, type WorkerHealth } from './worker-pool';

/**
 * The media layer as the signalling server sees it: a started worker pool and the
 * registry of open rooms. `await Sfu.start(config, log)`, then `getOrCreateRoom(id)`.
 */
export class Sfu {
  readonly rooms: MediaRoomRegistry;

  private constructor(readonly pool: WorkerPool) {
    this.rooms = new MediaRoomRegistry(pool);
  }

  static async start(config: SfuConfigInput, logger: Logger): Promise<Sfu> {
    const pool = new WorkerPool(config, logger);
    await pool.start();
    return new Sfu(pool);
  }

  get config(): SfuConfig {
    return this.pool.config;
  }

  getOrCreateRoom(roomId: string): Promise<MediaRoom> {
    return this.rooms.getOrCreateRoom(roomId);
  }

  getRoom(roomId: string): MediaRoom | undefined {
    return this.rooms.getRoom(roomId);
  }

  health(): WorkerHealth[] {
    return this.pool.health();
  }

  /** Closes every room ('shutdown') and worker. Idempotent. */
  close(): Promise<void> {
    this.rooms.closeAll('shutdown');
    return this.pool.close();
  }
}
