import type { AudioOnlyOrders, MediaSource } from '@shuoshi/protocol';
import type { RoomLink } from '../core';
import { RoomFeature } from './feature';

/** Who hosts, the room lock, raised hands and the host's hard mutes; the host's requests. */
export class HostControls extends RoomFeature {
  /** Who hosts the room (null: no host present yet: a waiting person is told so). */
  hostId: string | null = null;
  /** The host locked the room: nobody new may enter. */
  locked = false;
  /** Peers with a raised hand (seen since this page joined: the seat does not carry them). */
  hands: ReadonlySet<string> = new Set();
  /** `${peerId}:${source}` the host hard-muted (seen since this page joined, or refused as MUTED_BY_HOST). */
  hostMutes: ReadonlySet<string> = new Set();
  /** Who the host put on audio only for a weak link (everyone: `wholeRoom`). */
  audioOnly: AudioOnlyOrders = { wholeRoom: false, peerIds: [] };

  constructor(private readonly link: RoomLink) {
    super();
    link.on('view', (view) => {
      // raised hands and host mutes as they are now (a reload, or admitted after they changed)
      this.hands = new Set(view.hands);
      this.hostMutes = new Set(view.hostMutes.map((m) => `${m.peerId}:${m.source}`));
      this.locked = view.locked;
      this.hostId = view.hostId;
      this.audioOnly = view.audioOnly ?? { wholeRoom: false, peerIds: [] };
      this.changed();
    });
    link.on('mutedByHost', (source) => {
      if (link.self) this.setHostMute(link.self.peerId, source, true);
    });
    link.signal.on('hostChanged', ({ peerId }) => {
      this.hostId = peerId;
      this.changed();
    });
    link.signal.on('handRaised', ({ peerId, raised }) => this.setHand(peerId, raised));
    link.signal.on('roomLocked', ({ locked }) => this.setLocked(locked));
    link.signal.on('audioOnly', (orders) => {
      this.audioOnly = orders;
      this.changed();
    });
    link.signal.on('hostMuted', ({ peerId, source, muted }) => this.setHostMute(peerId, source, muted));
  }

  async raiseHand(raised: boolean): Promise<void> {
    await this.link.signal.request('raiseHand', { raised });
    const me = this.link.self?.peerId;
    if (me) this.setHand(me, raised);
  }

  /** Host: hard-mute (or allow again) someone's microphone, or stop (allow) their camera. */
  async hostMute(peerId: string, source: MediaSource, muted: boolean): Promise<void> {
    await this.link.signal.request('host:mute', { peerId, source, muted });
    this.setHostMute(peerId, source, muted);
  }

  /** Host: one person (`peerId`) or the whole room (`null`) on audio only for a weak link, or back to video. */
  async setAudioOnly(peerId: string | null, on: boolean): Promise<void> {
    await this.link.signal.request('host:audioOnly', { peerId, on });
  }

  /** Host: end the session for everyone. */
  async endSession(): Promise<void> {
    await this.link.signal.request('host:end', {});
  }

  /** Host: hand the host role to a co-mediator. */
  async handOff(peerId: string): Promise<void> {
    await this.link.signal.request('host:handoff', { peerId });
  }

  /** Host: lock (nobody new may enter) or unlock the room. */
  async lock(locked: boolean): Promise<void> {
    await this.link.signal.request('host:lock', { locked });
    this.setLocked(locked);
  }

  private setLocked(locked: boolean): void {
    if (this.locked === locked) return;
    this.locked = locked;
    this.changed();
  }

  private setHand(peerId: string, raised: boolean): void {
    const next = new Set(this.hands);
    if (raised) next.add(peerId);
    else next.delete(peerId);
    this.hands = next;
    this.changed();
  }

  private setHostMute(peerId: string, source: MediaSource, muted: boolean): void {
    const key = `${peerId}:${source}`;
    if (this.hostMutes.has(key) === muted) return;
    const next = new Set(this.hostMutes);
    if (muted) next.add(key);
    else next.delete(key);
    this.hostMutes = next;
    this.changed();
  }
}
