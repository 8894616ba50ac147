import type { WaitingPeer } from '@shuoshi/protocol';
import type { RoomLink } from '../core';
import { RoomFeature } from './feature';

/** The lobby as a mediator sees it: who waits (any mediator may host), and letting people in or turning them away. */
export class LobbyControls extends RoomFeature {
  /** Who waits in the lobby, oldest first (filled for an admitted mediator). */
  waiting: WaitingPeer[] = [];

  constructor(private readonly link: RoomLink) {
    super();
    link.on('seat', (seat) => this.set(seat.lobby));
    link.signal.on('lobbyChanged', ({ waiting }) => this.set(waiting));
  }

  /** Host: let one waiting person in. */
  async admit(peerId: string): Promise<void> {
    await this.link.signal.request('host:admit', { peerId });
  }

  /** Host: let everyone waiting in; answers who was admitted. */
  async admitAll(): Promise<string[]> {
    return (await this.link.signal.request('host:admitAll', {})).peerIds;
  }

  /** Host: turn a waiting person away. */
  async decline(peerId: string): Promise<void> {
    await this.link.signal.request('host:decline', { peerId });
  }

  /** Host: remove a participant for good (`out`) or send them back to the lobby. */
  async removeParticipant(peerId: string, to: 'out' | 'lobby' = 'out'): Promise<void> {
    await this.link.signal.request('host:remove', { peerId, to });
  }

  private set(waiting: WaitingPeer[]): void {
    this.waiting = waiting;
    this.changed();
  }
}
