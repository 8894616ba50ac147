import type { MediaSource, NotificationName, NotificationPayload } from '@shuoshi/protocol';
import { RoomErrors } from './errors';
import type { Peer } from './peer';

export interface RoomHostDeps {
  /** The admitted seats, by peer id. */
  peers: ReadonlyMap<string, Peer>;
  /** Seats waiting in the lobby (they hear who hosts). */
  waiting(): Peer[];
  broadcast<N extends NotificationName>(name: N, payload: NotificationPayload<N>, except?: Peer): void;
}

export interface HostImage {
  handedTo: string | null;
  sessionHosts: string[];
  mutes: Array<{ peerId: string; source: MediaSource }>;
  hands: string[];
  locked: boolean;
}

/**
 * Who hosts a room and what the host has set: the handoff, hard mutes, raised hands
 * and the lock. A seat that leaves keeps none of it but its host mutes (a reload
 * does not lift them).
 */
export class RoomHost {
  /** Hard mutes by the host, by peer id. */
  private readonly mutes = new Map<string, Set<MediaSource>>();
  /** Whose hand is up (a seat that leaves or goes back to the lobby lowers it). */
  private readonly hands = new Set<string>();
  /** The host after a handoff; until then (or while they are away) any mediator hosts. */
  private handedTo: string | undefined;
  /** Whose join token names them the session's host. */
  private readonly sessionHosts = new Set<string>();
  private lockedFlag = false;

  constructor(private readonly d: RoomHostDeps) {}

  /** What the host set, as it can be rebuilt on another node (room-image.ts). */
  image(): HostImage {
    return { handedTo: this.handedTo ?? null, sessionHosts: [...this.sessionHosts], mutes: this.mutesList(), hands: [...this.hands], locked: this.lockedFlag };
  }

  /** Rebuilds from `image()` (a room that moved nodes), quietly: every seat reads it in its view. */
  restore(img: HostImage): void {
    this.handedTo = img.handedTo ?? undefined;
    for (const id of img.sessionHosts) this.sessionHosts.add(id);
    for (const { peerId, source } of img.mutes) this.mutes.set(peerId, new Set([...(this.mutes.get(peerId) ?? []), source]));
    for (const id of img.hands) this.hands.add(id);
    this.lockedFlag = img.locked;
  }

  /**
   * The host: whoever the role was handed to, else the session's own host (a consultation's
   * lawyer too), else the first mediator present.
   */
  get hostId(): string | null {
    const { peers } = this.d;
    if (this.handedTo && peers.has(this.handedTo)) return this.handedTo;
    for (const id of this.sessionHosts) if (peers.has(id)) return id;
    for (const p of peers.values()) if (p.role === 'mediator') return p.id;
    return null;
  }

  get locked(): boolean {
    return this.lockedFlag;
  }

  /** The seat's join token names them the session's host. */
  addSessionHost(peerId: string): void {
    this.sessionHosts.add(peerId);
  }

  /** The host changed: tell the room (and the lobby, who learn whether anyone can admit them). */
  announce(before: string | null, except?: Peer): void {
    if (this.hostId === before) return;
    this.d.broadcast('hostChanged', { peerId: this.hostId }, except);
    for (const p of this.d.waiting()) p.notify('hostChanged', { peerId: this.hostId });
  }

  /** Host: hand the role to a co-mediator. */
  handTo(peerId: string): void {
    const target = this.d.peers.get(peerId);
    if (!target) throw RoomErrors.notFound('participant');
    if (target.role !== 'mediator') throw RoomErrors.forbidden('only a mediator can host');
    const before = this.hostId;
    this.handedTo = peerId;
    this.announce(before);
  }

  /** Host: a locked room admits nobody new. */
  setLocked(locked: boolean): void {
    if (this.lockedFlag === locked) return;
    this.lockedFlag = locked;
    this.d.broadcast('roomLocked', { locked });
  }

  raiseHand(peer: Peer, raised: boolean): void {
    if (raised) this.hands.add(peer.id);
    else this.hands.delete(peer.id);
    this.d.broadcast('handRaised', { peerId: peer.id, raised });
  }

  /** The seat left or went back to the lobby: its hand goes down (quietly). */
  lowerHand(peerId: string): void {
    this.hands.delete(peerId);
  }

  /** Raised hands of admitted seats. */
  raisedHands(): string[] {
    return [...this.hands].filter((id) => this.d.peers.has(id));
  }

  isMuted(peerId: string, source: MediaSource): boolean {
    return this.mutes.get(peerId)?.has(source) ?? false;
  }

  mutesList(): Array<{ peerId: string; source: MediaSource }> {
    return [...this.mutes].flatMap(([peerId, sources]) => [...sources].map((source) => ({ peerId, source })));
  }

  /** Host: hard-mute (pause, and refuse the peer's own resume) or allow again one source of a peer. */
  async mute(peerId: string, source: MediaSource, muted: boolean): Promise<void> {
    const peer = this.d.peers.get(peerId);
    if (!peer) throw RoomErrors.notFound('participant');
    const set = this.mutes.get(peerId) ?? new Set<MediaSource>();
    if (muted) set.add(source);
    else set.delete(source);
    if (set.size) this.mutes.set(peerId, set);
    else this.mutes.delete(peerId);
    if (muted) await Promise.all([...peer.producers.values()].filter((p) => p.source === source).map((p) => p.producer.pause()));
    this.d.broadcast('hostMuted', { peerId, source, muted });
  }
}
