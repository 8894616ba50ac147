import type { Redis } from 'ioredis';

/** A node as the others see it: where clients reach it, and its load. */
export interface NodeCard {
  nodeId: string;
  /** The address a client connects its signalling to, to reach this node. */
  url: string;
  rooms: number;
  seats: number;
  /** Going away (SIGTERM): it takes no new room. */
  draining: boolean;
  /** Its Redis connection carries its name (connectionName): while that connection is gone, so is the node. */
  named?: boolean;
}

// Renews a lease only for its holder; frees it only for its holder.
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 1 else return 0 end`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** `name=<value>` of each connection in CLIENT LIST's answer. */
const CLIENT_NAME = /(?:^| )name=(\S*)/;

/**
 * The room directory in Redis (issue #15): which node hosts each live room (a lease its
 * host renews; it lapses when the node dies) and which nodes are alive with what load
 * (a card each node republishes). Keys live under the deployment's namespace, so two
 * deployments (or two test servers) sharing a Redis never meet.
 */
export class RoomDirectory {
  constructor(
    private readonly redis: Redis,
    private readonly ns: string,
    readonly leaseMs: number,
  ) {}

  /** The name of a node's Redis connection: the same on every reconnect, unique to the node in this deployment. */
  static connectionName(ns: string, nodeId: string): string {
    return `shuoshi-node-${ns}-${nodeId}`;
  }

  /**
   * Whether a node's process still holds its Redis connection. A process that dies
   * (SIGKILL, a crash) has its connection closed by its kernel at once, long before
   * its leases lapse; a lost machine keeps it until TCP gives up, and the lease decides.
   * Undefined when Redis will not say (CLIENT LIST refused, e.g. by an ACL).
   */
  async connected(nodeId: string): Promise<boolean | undefined> {
    const names = await this.connectionNames();
    return names && names.has(RoomDirectory.connectionName(this.ns, nodeId));
  }

  /** The names of Redis' connections, read at most every 250 ms (a moved join asks on its hot path). */
  private names: { at: number; list: Promise<Set<string> | undefined> } | undefined;
  private connectionNames(): Promise<Set<string> | undefined> {
    if (this.names && Date.now() - this.names.at < 250) return this.names.list;
    const list = (this.redis.call('CLIENT', 'LIST', 'TYPE', 'normal') as Promise<string>).then(
      (text) => new Set(text.split('\n').flatMap((line) => CLIENT_NAME.exec(line)?.[1] ?? [])),
      () => undefined,
    );
    this.names = { at: Date.now(), list };
    return list;
  }

  /** Frees a room whose host died: only if that host still holds it (another may have taken it meanwhile). */
  async evict(roomId: string, deadNodeId: string): Promise<boolean> {
    const freed = (await this.redis.eval(RELEASE, 1, this.key('room', roomId, 'host'), deadNodeId)) === 1;
    if (freed) await this.withdraw(deadNodeId);
    return freed;
  }

  private key(...parts: string[]): string {
    return `shuoshi:${this.ns}:${parts.join(':')}`;
  }

  /** The node holding the room's lease now, or null. */
  hostOf(roomId: string): Promise<string | null> {
    return this.redis.get(this.key('room', roomId, 'host'));
  }

  /** Takes the room's lease for `nodeId` if nobody holds it. */
  async claim(roomId: string, nodeId: string): Promise<boolean> {
    return (await this.redis.set(this.key('room', roomId, 'host'), nodeId, 'PX', this.leaseMs, 'NX')) === 'OK';
  }

  /** Renews this node's leases; returns the rooms whose lease it no longer holds. */
  async renew(roomIds: string[], nodeId: string): Promise<string[]> {
    if (roomIds.length === 0) return [];
    const pipe = this.redis.pipeline();
    for (const id of roomIds) {
      pipe.eval(RENEW, 1, this.key('room', id, 'host'), nodeId, String(this.leaseMs));
      pipe.pexpire(this.key('room', id, 'image'), this.imageTtlMs);
    }
    const res = (await pipe.exec()) ?? [];
    return roomIds.filter((_, i) => res[i * 2]?.[1] !== 1);
  }

  async release(roomId: string, nodeId: string): Promise<void> {
    await this.redis.eval(RELEASE, 1, this.key('room', roomId, 'host'), nodeId);
  }

  /** A room's image lasts as long as a seat could still come back for it. */
  readonly imageTtlMs = 30 * 60_000;

  saveImage(roomId: string, json: string): Promise<unknown> {
    return this.redis.set(this.key('room', roomId, 'image'), json, 'PX', this.imageTtlMs);
  }

  loadImage(roomId: string): Promise<string | null> {
    return this.redis.get(this.key('room', roomId, 'image'));
  }

  /** The room ended for good: no node may rebuild it. */
  forgetImage(roomId: string): Promise<unknown> {
    return this.redis.del(this.key('room', roomId, 'image'));
  }

  /** Publishes this node's card; it lapses unless republished within `ttlMs`. */
  async publish(card: NodeCard, ttlMs: number): Promise<void> {
    await this.redis.multi().set(this.key('node', card.nodeId), JSON.stringify(card), 'PX', ttlMs).sadd(this.key('nodes'), card.nodeId).exec();
  }

  async withdraw(nodeId: string): Promise<void> {
    await this.redis.multi().del(this.key('node', nodeId)).srem(this.key('nodes'), nodeId).exec();
  }

  /** The live nodes (cards not lapsed); lapsed ones are dropped from the set. */
  async nodes(): Promise<NodeCard[]> {
    const ids = await this.redis.smembers(this.key('nodes'));
    if (ids.length === 0) return [];
    const cards = await this.redis.mget(ids.map((id) => this.key('node', id)));
    const live: NodeCard[] = [];
    const gone: string[] = [];
    cards.forEach((c, i) => (c ? live.push(JSON.parse(c) as NodeCard) : gone.push(ids[i]!)));
    if (gone.length > 0) await this.redis.srem(this.key('nodes'), ...gone);
    return live;
  }

  async card(nodeId: string): Promise<NodeCard | undefined> {
    const c = await this.redis.get(this.key('node', nodeId));
    return c ? (JSON.parse(c) as NodeCard) : undefined;
  }
}
