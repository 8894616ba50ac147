import type { types } from 'mediasoup-client';
import type { MediaSource, PeerInfo, PeerLinkState, Role } from '@shuoshi/protocol';
import type { Signal } from './signal';

export interface RemoteTrack {
  consumerId: string;
  producerId: string;
  source: MediaSource;
  track: MediaStreamTrack;
  /** The sender has muted it. */
  muted: boolean;
  consumer: types.Consumer;
}

export interface RemotePeer {
  peerId: string;
  displayName: string;
  role: Role;
  connection: 'connected' | 'reconnecting';
  /** Whether their media reaches the server (`interrupted`: nothing arrived for a few seconds; shown as 网络中断). */
  link: PeerLinkState;
  /** The village talk room they join from (their join token's), if any. */
  talkRoom?: string | undefined;
  camera: RemoteTrack | undefined;
  microphone: RemoteTrack | undefined;
  /** The server holds back their video from us to keep the sound on our weak downlink (shown as paused). */
  videoHeld?: boolean;
}

/**
 * The other participants and the tracks received from each. Every change makes a
 * new `list` (a stable snapshot for React's useSyncExternalStore).
 */
export class RemotePeers {
  private readonly peers = new Map<string, RemotePeer>();
  private readonly consumers = new Map<string, RemoteTrack & { peerId: string }>();
  private snapshot: RemotePeer[] = [];

  constructor(private readonly changed: () => void) {}

  /** Follows what the server tells about the others: who comes and goes, their links, their media. */
  listenTo(signal: Signal): void {
    signal.on('peerJoined', ({ peer }) => this.upsertPeer(peer));
    signal.on('peerLeft', ({ peerId }) => this.removePeer(peerId));
    signal.on('peerConnection', ({ peerId, state }) => this.setConnection(peerId, state));
    signal.on('peerLink', ({ peerId, link }) => this.setLink(peerId, link));
    signal.on('consumerClosed', ({ consumerId }) => this.removeConsumer(consumerId));
    signal.on('consumerPaused', ({ consumerId }) => this.setMuted(consumerId, true));
    signal.on('consumerResumed', ({ consumerId }) => this.setMuted(consumerId, false));
  }

  get list(): RemotePeer[] {
    return this.snapshot;
  }
  get(peerId: string): RemotePeer | undefined {
    return this.peers.get(peerId);
  }
  hasConsumer(consumerId: string): boolean {
    return this.consumers.has(consumerId);
  }
  consumerIds(): string[] {
    return [...this.consumers.keys()];
  }
  tracks(): Array<RemoteTrack & { peerId: string }> {
    return [...this.consumers.values()];
  }

  upsertPeer(info: Pick<PeerInfo, 'peerId' | 'displayName' | 'role' | 'connection' | 'talkRoom' | 'link'>): void {
    const old = this.peers.get(info.peerId);
    this.peers.set(info.peerId, {
      camera: undefined,
      microphone: undefined,
      ...old,
      peerId: info.peerId,
      displayName: info.displayName,
      role: info.role,
      connection: info.connection,
      link: info.link ?? 'good',
      ...(info.talkRoom ? { talkRoom: info.talkRoom } : {}),
    });
    this.publish();
  }

  setConnection(peerId: string, connection: RemotePeer['connection']): void {
    this.patch(peerId, { connection });
  }

  setLink(peerId: string, link: PeerLinkState): void {
    this.patch(peerId, { link });
  }

  /** Whose video the server holds back from us now (`downlink`); everyone else's flows. */
  setVideoHeld(peerIds: readonly string[]): void {
    const held = new Set(peerIds);
    for (const p of [...this.peers.values()]) if ((p.videoHeld ?? false) !== held.has(p.peerId)) this.patch(p.peerId, { videoHeld: held.has(p.peerId) });
  }

  removePeer(peerId: string): void {
    for (const [id, c] of this.consumers) if (c.peerId === peerId) this.removeConsumer(id);
    if (this.peers.delete(peerId)) this.publish();
  }

  /** Keeps only these peers (after a resume), adding or updating each. */
  replacePeers(infos: PeerInfo[]): void {
    const keep = new Set(infos.map((p) => p.peerId));
    for (const id of [...this.peers.keys()]) if (!keep.has(id)) this.removePeer(id);
    for (const p of infos) this.upsertPeer(p);
  }

  addConsumer(peerId: string, t: RemoteTrack): void {
    this.consumers.set(t.consumerId, { ...t, peerId });
    const peer = this.peers.get(peerId);
    if (peer) this.patch(peerId, { [t.source]: t });
  }

  setMuted(consumerId: string, muted: boolean): void {
    const c = this.consumers.get(consumerId);
    if (!c) return;
    c.muted = muted;
    const peer = this.peers.get(c.peerId);
    if (peer?.[c.source]?.consumerId === consumerId) this.patch(c.peerId, { [c.source]: { ...peer[c.source]!, muted } });
  }

  /** Forgets and closes a consumer (closing twice is harmless in mediasoup-client). */
  removeConsumer(consumerId: string): void {
    const c = this.consumers.get(consumerId);
    if (!c) return;
    this.consumers.delete(consumerId);
    c.consumer.close();
    const peer = this.peers.get(c.peerId);
    if (peer?.[c.source]?.consumerId === consumerId) this.patch(c.peerId, { [c.source]: undefined });
  }

  clear(): void {
    for (const id of [...this.consumers.keys()]) this.removeConsumer(id);
    this.peers.clear();
    this.publish();
  }

  private patch(peerId: string, fields: Partial<RemotePeer>): void {
    const peer = this.peers.get(peerId);
    if (!peer) return;
    this.peers.set(peerId, { ...peer, ...fields });
    this.publish();
  }

  private publish(): void {
    this.snapshot = [...this.peers.values()];
    this.changed();
  }
}
