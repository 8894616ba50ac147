import { SfuErrors } from './errors';
import type { MediaRoom } from './media-room';

/** Where the registry gets new rooms from (the WorkerPool). */
export interface RoomFactory {
  createRoom(roomId: string): Promise<MediaRoom>;
}

/**
 * This process's open media rooms by id. Creation is serialised per room id: two
 * first joins arriving together get the same room (one router). A room leaves the
 * registry when it closes, whatever closed it.
 */
export class MediaRoomRegistry {
  private readonly rooms = new Map<string, MediaRoom>();
  private readonly creating = new Map<string, Promise<MediaRoom>>();

  constructor(private readonly factory: RoomFactory) {}

  get size(): number {
    return this.rooms.size;
  }

  getRoom(roomId: string): MediaRoom | undefined {
    return this.rooms.get(roomId);
  }

  list(): MediaRoom[] {
    return [...this.rooms.values()];
  }

  /** The open room with this id, created on first use. */
  getOrCreateRoom(roomId: string): Promise<MediaRoom> {
    const open = this.rooms.get(roomId);
    if (open && !open.closed) return Promise.resolve(open);
    const pending = this.creating.get(roomId);
    if (pending) return pending;
    const creation = this.create(roomId).finally(() => this.creating.delete(roomId));
    this.creating.set(roomId, creation);
    return creation;
  }

  /** Closes every room (they leave the registry on their 'close'). */
  closeAll(reason: 'closed' | 'shutdown' = 'shutdown'): void {
    for (const room of [...this.rooms.values()]) room.close(reason);
  }

  private async create(roomId: string): Promise<MediaRoom> {
    const room = await this.factory.createRoom(roomId);
    if (room.closed) throw SfuErrors.roomClosed(roomId); // its worker died while it was being made
    this.rooms.set(roomId, room);
    room.once('close', () => {
      if (this.rooms.get(roomId) === room) this.rooms.delete(roomId);
    });
    return room;
  }
}
