import type { WaitingPeer } from '@shuoshi/protocol';
import type { Peer } from './peer';

interface Waiting {
  peer: Peer;
  talkRoom: string | null;
  since: Date;
}

/**
 * The waiting room (候场) of a live room: seats that hold a socket but no media until
 * the host admits them. Keyed by peer id, so a reload or a reconnect of the same person
 * keeps its place (`since`). Declined people are remembered: they may not wait again.
 */
export class Lobby {
  private readonly waiting = new Map<string, Waiting>();
  private readonly declined = new Set<string>();

  get size(): number {
    return this.waiting.size;
  }

  has(peer: Peer): boolean {
    return this.waiting.get(peer.id)?.peer === peer;
  }

  get(peerId: string): Peer | undefined {
    return this.waiting.get(peerId)?.peer;
  }

  isDeclined(peerId: string): boolean {
    return this.declined.has(peerId);
  }

  /** Puts a seat in the lobby; the same person waiting already keeps their place. Returns the seat it replaces. */
  enter(peer: Peer, talkRoom: string | null, now = new Date()): Peer | undefined {
    const old = this.waiting.get(peer.id);
    this.waiting.set(peer.id, { peer, talkRoom: talkRoom ?? old?.talkRoom ?? null, since: old?.since ?? now });
    return old?.peer;
  }

  /** Takes a seat out (admitted, left, expired): false when that seat is not the one waiting. */
  remove(peer: Peer): boolean {
    if (!this.has(peer)) return false;
    this.waiting.delete(peer.id);
    return true;
  }

  /** The host declines: out of the lobby, and never back in. */
  decline(peerId: string): Peer | undefined {
    const entry = this.waiting.get(peerId);
    if (!entry) return undefined;
    this.waiting.delete(peerId);
    this.declined.add(peerId);
    return entry.peer;
  }

  /** Who was declined, and since when each seat waits (room-image.ts). */
  image(): { declined: string[]; since: Record<string, string> } {
    return { declined: [...this.declined], since: Object.fromEntries([...this.waiting].map(([id, w]) => [id, w.since.toISOString()])) };
  }

  /** Remembers the declined of a room rebuilt on another node. */
  restoreDeclined(ids: Iterable<string>): void {
    for (const id of ids) this.declined.add(id);
  }

  peers(): Peer[] {
    return this.entries().map((e) => e.peer);
  }

  list(): WaitingPeer[] {
    return this.entries().map(({ peer, talkRoom, since }) => ({
      peerId: peer.id,
      displayName: peer.displayName,
      role: peer.role,
      talkRoom,
      since: since.toISOString(),
      connection: peer.connected ? 'connected' : 'reconnecting',
    }));
  }

  private entries(): Waiting[] {
    return [...this.waiting.values()].sort((a, b) => a.since.getTime() - b.since.getTime());
  }
}
