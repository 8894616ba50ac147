import type { Peer } from './peer';

/**
 * Who is speaking, told only to those who can hear them. The SFU names the loudest
 * microphone of the whole room; each seat is told that peer when they are in the same
 * caucus group (or both in the plenary), else nobody, and only when that changes for
 * them: the plenary learns nothing of when someone in a caucus group talks.
 */
export class ActiveSpeaker {
  private speaker: string | null = null;
  /** What each seat was told last (a replaced seat is a new Peer: it starts from nobody). */
  private readonly told = new WeakMap<Peer, string | null>();

  constructor(
    private readonly seats: () => Iterable<Peer>,
    private readonly together: (a: string, b: string) => boolean,
  ) {}

  /** The SFU's loudest speaker changed. */
  set(peerId: string | null): void {
    this.speaker = peerId;
    this.tell();
  }

  /** Seats or groups changed: whoever can no longer hear the speaker is told nobody. */
  tell(): void {
    for (const peer of this.seats()) {
      const heard = this.speaker !== null && peer.id !== this.speaker && !this.together(peer.id, this.speaker) ? null : this.speaker;
      if ((this.told.get(peer) ?? null) === heard) continue;
      this.told.set(peer, heard);
      peer.notify('activeSpeaker', { peerId: heard });
    }
  }
}
