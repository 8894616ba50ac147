import type { Logger } from '../logger';
import { RoomErrors } from '../rooms/errors';
import type { RoomRegistry } from '../rooms/registry';
import type { Room } from '../rooms/room';
import { parseImage } from '../rooms/room-image';
import type { NodeCard, RoomDirectory } from './directory';

/**
 * The database's word on a seat (SessionRecord.admit: the session is not over, the person
 * was not removed, their account stands); throws when it is no. Placement runs it once, on
 * the node that seats the person: a seat sent elsewhere costs that node no query.
 */
export type Admit = () => Promise<void>;
const noCheck: Admit = async () => {};

/**
 * Where a room lives. `join` and `resume` ask it for their room: the room hosted on this
 * node, or a refusal that names the node to go to (ROOM_ELSEWHERE with `moveTo`).
 */
export interface RoomPlacement {
  /** The room a join seats in (created, or rebuilt from its image, when need be), after `admit`. */
  forJoin(roomId: string, admit?: Admit): Promise<Room>;
  /** The room a resume re-binds in, after `admit`; undefined when the room is gone (SESSION_EXPIRED). */
  forResume(roomId: string, admit?: Admit): Promise<Room | undefined>;
  /** This node is going away: no new rooms; its rooms move to other nodes. */
  drain(): Promise<void>;
}

/** One node, rooms in memory: the embedded default (no REDIS_URL). */
export class LocalPlacement implements RoomPlacement {
  constructor(private readonly rooms: RoomRegistry) {}
  async forJoin(roomId: string, admit = noCheck): Promise<Room> {
    await admit();
    return this.rooms.getOrCreate(roomId);
  }
  async forResume(roomId: string, admit = noCheck): Promise<Room | undefined> {
    await admit();
    const room = this.rooms.get(roomId);
    return room && !room.closed ? room : undefined;
  }
  async drain(): Promise<void> {}
}

interface Hosted {
  room: Room;
  /** The image last written, to write only what changed. */
  saved: string;
}

/**
 * Several nodes on one Redis (issue #15). A room lives on one node, which holds its lease
 * in the directory and keeps its image (room-image.ts) there as it changes. The first join
 * places a room on the least-loaded live node; a join or resume that reaches another node
 * is told to move there (the client reconnects its signalling, media always goes to the
 * host). When the host dies its lease lapses and the next node a seat reaches takes the
 * room and rebuilds it from its image; a draining node hands its rooms over the same way.
 */
export class ClusterPlacement implements RoomPlacement {
  private readonly hosted = new Map<string, Hosted>();
  /** Rooms this node gave up (drain, or a lease lost): their close must not end them for good. */
  private readonly handedOver = new Set<string>();
  private draining = false;
  private timer: NodeJS.Timeout | undefined;
  private ticking = false;
  /** The live nodes' addresses, as of the last tick (pages may connect to them: security-headers.ts). */
  private origins: string[] = [];
  private readonly self: { nodeId: string; url: string };

  constructor(
    private readonly dir: RoomDirectory,
    private readonly rooms: RoomRegistry,
    nodeId: string,
    private readonly log: Logger,
  ) {
    this.self = { nodeId, url: '' };
  }

  /** Joins the directory once the node listens: `url` is where clients reach it. */
  async start(url: string): Promise<void> {
    this.self.url = url;
    await this.dir.publish(this.card(), this.dir.leaseMs);
    await this.refreshOrigins();
    this.timer = setInterval(() => void this.tick(), Math.max(200, Math.min(1_000, this.dir.leaseMs / 4)));
    this.timer.unref();
    this.log.info({ url: this.self.url, leaseMs: this.dir.leaseMs }, 'node joined the room directory');
  }

  forJoin(roomId: string, admit = noCheck): Promise<Room> {
    return this.locate(roomId, true, admit) as Promise<Room>;
  }

  /** The origins of the deployment's live nodes (for the pages' connect-src). */
  nodeOrigins(): string[] {
    return this.origins;
  }

  forResume(roomId: string, admit = noCheck): Promise<Room | undefined> {
    return this.locate(roomId, false, admit);
  }

  /** A seat sent to the room's node (ROOM_ELSEWHERE) is admitted there, not here: `admit` runs only before this node answers with a room or places one. */
  private async locate(roomId: string, create: boolean, admit: Admit): Promise<Room | undefined> {
    let admitted = false;
    const admitOnce = async () => {
      if (admitted) return;
      await admit();
      admitted = true;
    };
    const ours = (room: Room | undefined): room is Room => Boolean(room && !room.closed && !this.handedOver.has(roomId)); // a room handed over (draining) is no longer ours
    for (let attempt = 0; attempt < 3; attempt++) {
      const local = this.hosted.get(roomId)?.room;
      if (ours(local)) {
        await admitOnce();
        if (ours(local)) return local;
        continue; // it closed or moved meanwhile: ask again
      }
      const holder = await this.dir.hostOf(roomId);
      if (holder && holder !== this.self.nodeId) {
        const card = await this.dir.card(holder);
        // its process is gone (its Redis connection closed with it): take the room now, not when the lease lapses
        if ((!card || card.named) && (await this.dir.connected(holder)) === false) {
          if (await this.dir.evict(roomId, holder)) this.log.warn({ roomId, deadNode: holder }, "the room's node is gone (its Redis connection closed): taking the room");
          continue;
        }
        if (card) throw RoomErrors.elsewhere(card.url);
        // a lease without a live card: its node is dying; the lease lapses within leaseMs
        throw RoomErrors.roomUnavailable('the room is moving to another server; try again');
      }
      const image = parseImage(await this.dir.loadImage(roomId));
      await admitOnce(); // this node answers now: with the room, by placing it, or that it is gone
      if (!holder) {
        if (!image && !create) return undefined;
        const target = await this.pick();
        if (!target) throw RoomErrors.roomUnavailable('every server is shutting down; try again');
        const claimed = await this.dir.claim(roomId, target.nodeId);
        if (!claimed) continue; // another node placed it meanwhile: ask again
        if (target.nodeId !== this.self.nodeId) throw RoomErrors.elsewhere(target.url);
      } else if (!image && !create) {
        return undefined; // held for this node (placed here by another), nothing to rebuild
      }
      // this node holds the lease: open the room here, rebuilt from its image if it has one
      const room = await this.rooms.getOrCreate(roomId, async () => image);
      this.adopt(room);
      return room;
    }
    throw RoomErrors.roomUnavailable('the room could not be placed; try again');
  }

  private async refreshOrigins(): Promise<void> {
    this.origins = [...new Set((await this.dir.nodes()).map((c) => originOf(c.url)).filter((o): o is string => Boolean(o)))];
  }

  /** The least-loaded live node that takes rooms (fewest seats, then rooms, then by name). */
  private async pick(): Promise<Pick<NodeCard, 'nodeId' | 'url'> | undefined> {
    const cards = (await this.dir.nodes()).filter((c) => !c.draining && (c.nodeId !== this.self.nodeId || !this.draining));
    if (!this.draining && !cards.some((c) => c.nodeId === this.self.nodeId)) cards.push(this.card());
    const load = (c: NodeCard) => (c.nodeId === this.self.nodeId ? this.card() : c);
    cards.sort((a, b) => load(a).seats - load(b).seats || load(a).rooms - load(b).rooms || a.nodeId.localeCompare(b.nodeId));
    return cards[0];
  }

  private adopt(room: Room): void {
    if (this.hosted.get(room.id)?.room === room) return;
    this.handedOver.delete(room.id);
    this.hosted.set(room.id, { room, saved: '' });
    void this.save(room.id);
    // a seat taken or given up, or a caucus change, is written at once (the tick writes the rest):
    // a node that dies a moment after someone was admitted must not take their seat with it
    const changed = () => this.saveNow(room.id);
    room.on('peerSeated', changed);
    room.on('peerLeft', changed);
    room.on('caucusChanged', changed);
    room.once('close', () => {
      room.off('peerSeated', changed);
      room.off('peerLeft', changed);
      room.off('caucusChanged', changed);
      if (this.hosted.get(room.id)?.room !== room) return;
      this.hosted.delete(room.id);
      if (this.handedOver.delete(room.id)) return;
      // ended for good (the last seat left, or the session ended): nobody may rebuild it
      void Promise.all([this.dir.forgetImage(room.id), this.dir.release(room.id, this.self.nodeId)]).catch((err: unknown) =>
        this.log.warn({ roomId: room.id, err: (err as Error).message }, 'cannot clear a closed room from the directory'),
      );
    });
  }

  /**
   * Writes the room's image now, not at the next tick: a change that must not be lost with
   * the node (a withdrawn or refused consent, which the next node must not record through).
   */
  saveNow(roomId: string): void {
    void this.save(roomId).catch((err: unknown) => this.log.warn({ roomId, err: (err as Error).message }, 'cannot write the room image'));
  }

  private async save(roomId: string): Promise<void> {
    const h = this.hosted.get(roomId);
    if (!h || h.room.closed || this.handedOver.has(roomId)) return;
    const json = JSON.stringify(this.rooms.imageOf(h.room));
    if (json === h.saved) return;
    h.saved = json;
    await this.dir.saveImage(roomId, json);
  }

  private card(): NodeCard {
    const live = [...this.hosted.values()].filter((h) => !h.room.closed);
    return { ...this.self, rooms: live.length, seats: live.reduce((n, h) => n + h.room.peers.size + h.room.lobby.size, 0), draining: this.draining, named: true };
  }

  /** Republish the card, renew the leases (a lost one closes its room here), write changed images. */
  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      await this.dir.publish(this.card(), this.dir.leaseMs);
      await this.refreshOrigins();
      const ids = [...this.hosted.keys()].filter((id) => !this.handedOver.has(id));
      for (const id of await this.dir.renew(ids, this.self.nodeId)) {
        this.log.error({ roomId: id }, 'this node lost the lease of a room it hosts (another node took it): closing it here');
        this.handedOver.add(id);
        this.hosted.get(id)?.room.close();
      }
      await Promise.all(ids.map((id) => this.save(id)));
    } catch (err) {
      this.log.warn({ err: (err as Error).message }, 'room directory update failed');
    } finally {
      this.ticking = false;
    }
  }

  /**
   * SIGTERM: take no new rooms, stop and finalise what is recorded here (the consent round
   * stays in the image: the next node records again), write each room's image, give up its lease and tell its
   * seats to reconnect (`roomMoving`): their next node rebuilds the room from the image.
   * Waits (up to `waitMs`) for the seats to go, then closes what is left here.
   */
  async drain(waitMs = 5_000): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    await this.dir.publish(this.card(), this.dir.leaseMs).catch(() => undefined);
    const rooms = [...this.hosted.values()].map((h) => h.room).filter((r) => !r.closed);
    // what is recorded here ends cleanly (finalised, not interrupted) before the rooms move;
    // meanwhile the tick goes on renewing their leases (the rooms are still here)
    await Promise.all(
      rooms.map((room) => this.rooms.handOver(room).catch((err: unknown) => this.log.error({ roomId: room.id, err }, 'cannot stop the recording before the room moves'))),
    );
    clearInterval(this.timer);
    while (this.ticking) await new Promise((r) => setTimeout(r, 20));
    for (const room of rooms) {
      this.handedOver.add(room.id);
      await this.dir.saveImage(room.id, JSON.stringify(this.rooms.imageOf(room)));
      await this.dir.release(room.id, this.self.nodeId);
      for (const p of [...room.peers.values(), ...room.lobby.peers()]) p.notify('roomMoving', {});
      this.log.info({ roomId: room.id, seats: room.peers.size + room.lobby.size }, 'room handed over: its seats reconnect to another node');
    }
    const until = Date.now() + waitMs;
    const connected = () => rooms.some((r) => [...r.peers.values(), ...r.lobby.peers()].some((p) => p.connected));
    while (connected() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    for (const room of rooms) room.close();
    await this.dir.withdraw(this.self.nodeId).catch(() => undefined);
  }
}

function originOf(url: string): string | undefined {
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
