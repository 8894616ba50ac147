import type { Peer } from './peer';
import { RoomErrors } from './errors';

export interface AudioOnlyDeps {
  /** The admitted seats by peer id. */
  peers: ReadonlyMap<string, Peer>;
  /** Re-applies a seat's downlink now (its video held back while ordered), and tells it. */
  reapply(peer: Peer): Promise<void>;
  /** Tells every seat who is on audio only now (shown next to names). */
  broadcast(orders: { wholeRoom: boolean; peerIds: string[] }): void;
}

/**
 * The host's audio-only switch (issue #16): the host puts one person, or the whole room, on
 * audio only for a weak link. While ordered, a seat receives no video (DownlinkGuard holds it
 * all back) and sends none (its camera's producer is paused here and its own resume is
 * refused, as with a host mute; the client pauses its camera too, so the weak uplink is
 * spared). Lifting the order lets video flow again; the client turns its camera back on
 * unless the person had turned it off themself. A seat that joins while the whole room is
 * on audio only is on it too, unless the host lifted it for that person.
 */
export class AudioOnlyOrders {
  private wholeRoom = false;
  private readonly ordered = new Set<string>();
  /** Lifted for these people while the whole room is on audio only. */
  private readonly exempt = new Set<string>();

  constructor(private readonly d: AudioOnlyDeps) {}

  isOn(peerId: string): boolean {
    return this.ordered.has(peerId) || (this.wholeRoom && !this.exempt.has(peerId));
  }

  /** Who is on audio only now (the room view and the `audioOnly` notification). */
  view(): { wholeRoom: boolean; peerIds: string[] } {
    return { wholeRoom: this.wholeRoom, peerIds: [...this.d.peers.keys()].filter((id) => this.isOn(id)).sort() };
  }

  /** Host: one person (`peerId`) or everyone (`null`) on audio only, or back to video. */
  async set(peerId: string | null, on: boolean): Promise<void> {
    if (peerId !== null && !this.d.peers.has(peerId)) throw RoomErrors.notFound('participant');
    const before = new Map([...this.d.peers.keys()].map((id) => [id, this.isOn(id)]));
    if (peerId === null) {
      this.wholeRoom = on;
      this.ordered.clear();
      this.exempt.clear();
    } else if (on) {
      this.ordered.add(peerId);
      this.exempt.delete(peerId);
    } else {
      this.ordered.delete(peerId);
      if (this.wholeRoom) this.exempt.add(peerId);
    }
    const changed = [...this.d.peers.values()].filter((p) => before.get(p.id) !== this.isOn(p.id));
    await Promise.all(
      changed.map(async (peer) => {
        if (this.isOn(peer.id)) await Promise.all([...peer.producers.values()].filter((p) => p.source === 'camera').map((p) => p.producer.pause()));
        await this.d.reapply(peer);
        peer.log.info({ audioOnly: this.isOn(peer.id) }, 'audio only by the host');
      }),
    );
    this.d.broadcast(this.view());
  }
}
