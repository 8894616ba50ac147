import type { Logger } from '../logger';
import { RoomErrors } from './errors';
import type { MediaHost } from './media-port';
import { Room, type RoomOptions } from './room';
import type { RecordingImages } from './recording-image';
import { imageOf, restoreImage, type RoomImage } from './room-image';

/**
 * This node's live rooms by id. Creation is serialised per room id (two first joins
 * arriving together get the same room), and a room is forgotten when it closes.
 * With several nodes, cluster/placement.ts decides which node hosts a room and sends
 * its seats there (see docs/protocol.md, "Several nodes").
 */
export class RoomRegistry {
  private readonly rooms = new Map<string, Room>();
  private readonly creating = new Map<string, Promise<Room>>();
  private closedFlag = false;

  constructor(
    private readonly media: MediaHost,
    private readonly opts: { graceMs: number; log: Logger; recordings?: RecordingImages } & Pick<RoomOptions, 'admissionKeepMs' | 'chatStore' | 'docUrl' | 'docShowings'>,
  ) {}

  /** What of a live room another node rebuilds it from (room-image.ts), its recording's state included. */
  imageOf(room: Room): RoomImage {
    return imageOf(room, this.opts.recordings?.imageOf(room));
  }

  /** The room is leaving this node (drain): what is recorded here is finalised first. */
  async handOver(room: Room): Promise<void> {
    await this.opts.recordings?.handOver(room);
  }

  get size(): number {
    return this.rooms.size;
  }

  /** The live rooms on this node (for operators' listings). */
  list(): Room[] {
    return [...this.rooms.values()].filter((r) => !r.closed);
  }

  get(roomId: string): Room | undefined {
    return this.rooms.get(roomId);
  }

  /**
   * The open room with this id, created on first use; rebuilt from `image` when one is
   * given and found (a room whose node died or drained: cluster/placement.ts).
   */
  async getOrCreate(roomId: string, image?: () => Promise<RoomImage | undefined>): Promise<Room> {
    if (this.closedFlag) throw RoomErrors.roomUnavailable('the server is shutting down');
    const live = this.rooms.get(roomId);
    if (live && !live.closed) return live;
    const pending = this.creating.get(roomId);
    if (pending) return pending;
    const creation = this.create(roomId, image).finally(() => this.creating.delete(roomId));
    this.creating.set(roomId, creation);
    return creation;
  }

  close(): void {
    this.closedFlag = true;
    for (const room of [...this.rooms.values()]) room.close();
  }

  private async create(roomId: string, image?: () => Promise<RoomImage | undefined>): Promise<Room> {
    const kept = await image?.();
    const log = this.opts.log.child({ roomId });
    let session;
    try {
      session = await this.media.openSession(roomId);
    } catch (err) {
      // no live worker right now (one died and its replacement is starting): clients retry
      log.warn({ err: (err as Error).message }, 'cannot open a media session');
      throw RoomErrors.roomUnavailable('the media service cannot host this room now');
    }
    const room = new Room(roomId, session, { graceMs: this.opts.graceMs, admissionKeepMs: this.opts.admissionKeepMs, log, chatStore: this.opts.chatStore, docUrl: this.opts.docUrl, docShowings: this.opts.docShowings });
    await room.chat.load(); // never rejects: a failure is logged and the chat starts empty
    if (kept) {
      restoreImage(room, kept);
      if (kept.recording) this.opts.recordings?.restore(room, kept.recording);
    }
    this.rooms.set(roomId, room);
    room.once('close', () => {
      if (this.rooms.get(roomId) === room) this.rooms.delete(roomId);
    });
    log.info('room opened');
    return room;
  }
}
