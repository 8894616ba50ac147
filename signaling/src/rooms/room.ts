import { EventEmitter } from 'node:events';
import type { CaucusGroups, CaucusPlanInput, MediaSource, NotificationName, NotificationPayload, RoomView } from '@shuoshi/protocol';
import type { Logger } from '../logger';
import { RoomErrors } from './errors';
import type { MediaSession } from './media-port';
import { Peer, type PeerLink } from './peer';
import { Lobby } from './lobby';
import { RoomChat } from './chat';
import { SharedDocs } from './shared-docs';
import type { GroupScope } from './group-scope';
import { ActiveSpeaker } from './active-speaker';
import { CaucusPlan, type CaucusTarget } from './caucus-plan';
import { RoomHost } from './room-host';
import { MediaWiring } from './media-wiring';
import { KeptPlaces } from './kept-places';
import { watchSeatLinks, type LinkWatch } from './link-watch';
import { DownlinkGuard } from './downlink-guard';
import { AudioOnlyOrders } from './audio-only-orders';
import { seatView } from './seat-view';
import type { PeerLeaveReason, ProduceRequest, RoomEvents, RoomOptions, SeatClaims } from './room-types';

export type { PeerLeaveReason, ProduceRequest, RoomEvents, RoomOptions, SeatClaims } from './room-types';

/**
 * A live session: its peers (by id) and its media session. Owns the seat rules
 * (join, replace, grace, resume, leave) and wires producers to consumers. Closes
 * itself when the last seat is gone; the registry forgets it on `close`.
 */
export class Room extends EventEmitter<RoomEvents> {
  readonly peers = new Map<string, Peer>();
  /** Caucus groups: no consumer ever crosses two groups (nor a group and the plenary). */
  readonly caucus = new CaucusPlan();
  /** Seats waiting for the host to admit them: no media, no chat. */
  readonly lobby = new Lobby();
  readonly chat: RoomChat;
  readonly docs: SharedDocs;
  /** Who hosts, and the host's mutes, the raised hands and the lock. */
  readonly host: RoomHost;
  /** Each seat's transports, producers and consumers on the media session. */
  readonly wiring: MediaWiring;
  /** Who speaks, told only to those who hear them. */
  private readonly speaker: ActiveSpeaker;
  /** Peers the host removed: they cannot take a seat again. */
  readonly removed = new Set<string>();
  /** Admitted people whose seat timed out (a long outage): they come back without the lobby. */
  readonly places: KeptPlaces;
  /** Outages seen from the media path: 网络中断 on the others' screens. */
  private readonly linkWatch: LinkWatch;
  /** A seat's weak downlink: its video held back, lowest layers first, the speaker's last. */
  readonly downlink: DownlinkGuard;
  /** The host's audio-only switch, for one person or the whole room. */
  readonly audioOnly: AudioOnlyOrders;
  readonly log: Logger;
  private closedFlag = false;

  constructor(
    readonly id: string,
    readonly media: MediaSession,
    private readonly opts: RoomOptions,
  ) {
    super();
    this.log = opts.log;
    this.places = new KeptPlaces(opts.admissionKeepMs ?? 0);
    const groups: GroupScope = { groupOf: (p) => this.caucus.group(p), audienceOf: (g) => this.audienceOf(g), inGroup: (g) => this.inGroup(g), isHost: (p) => this.isHost(p) };
    this.chat = new RoomChat(id, opts.chatStore, opts.log, groups);
    this.docs = new SharedDocs(id, groups, opts.docUrl ?? ((documentId) => `/api/documents/${documentId}/content`), opts.docShowings, (err) =>
      this.log.error({ err }, 'cannot note who a document was shown to'),
    );
    this.host = new RoomHost({ peers: this.peers, waiting: () => this.lobby.peers(), broadcast: (name, payload, except) => this.broadcast(name, payload, except) });
    this.wiring = new MediaWiring({
      media,
      seats: () => this.peers.values(),
      caucus: this.caucus,
      isHostMuted: (peerId, source) => this.host.isMuted(peerId, source) || (source === 'camera' && this.audioOnly.isOn(peerId)),
      produced: (peer, owned) => this.emit('producerAdded', peer, owned),
    });
    this.speaker = new ActiveSpeaker(() => this.peers.values(), (a, b) => this.caucus.together(a, b));
    media.onActiveSpeaker((producerId) => {
      const speakerId = producerId ? this.wiring.ownerOf(producerId)?.id ?? null : null;
      this.speaker.set(speakerId);
      this.wiring.setSpeaker(speakerId); // their camera first on a short downlink
    });
    this.linkWatch = watchSeatLinks(() => this.peers.values(), (peer) => media.receivedBytes(peer.mediaKey), (peer) => media.sendScore(peer.mediaKey), (peer, link) => this.broadcast('peerLink', { peerId: peer.id, link }, peer), opts.linkWatch);
    this.downlink = new DownlinkGuard({ seats: () => this.peers.values(), media, speakerId: () => this.wiring.speaker, ordered: (id) => this.audioOnly.isOn(id) }, media.downlinkPolicy);
    this.audioOnly = new AudioOnlyOrders({ peers: this.peers, reapply: (peer) => this.downlink.apply(peer), broadcast: (orders) => this.broadcast('audioOnly', orders) });
    this.downlink.start();
    media.onClose(() => {
      this.log.error('media session closed under the room (worker died?): closing the room');
      this.close();
    });
  }

  get closed(): boolean {
    return this.closedFlag;
  }
  get graceMs(): number {
    return this.opts.graceMs;
  }

  /**
   * Seats a peer, or puts them in the lobby: mediators and auto-admitted tokens take a
   * seat, everyone else waits for the host. The same identity joining again (a reload,
   * another device) replaces the old seat and keeps its admission or lobby place; so does
   * an admitted person whose seat timed out, for `admissionKeepMs` (a place kept).
   */
  join(claims: SeatClaims, link: PeerLink): Peer {
    if (this.closedFlag) throw RoomErrors.roomUnavailable('the room is closing; try again');
    if (this.removed.has(claims.peerId)) throw RoomErrors.forbidden('the host removed you from this room');
    if (this.lobby.isDeclined(claims.peerId)) throw RoomErrors.declined();
    const waiting = this.lobby.get(claims.peerId);
    const kept = !waiting && this.places.has(claims.peerId);
    // a locked room keeps its seats, kept places and lobby places (a reload re-takes its own) but lets nobody new in
    if (this.host.locked && !this.peers.has(claims.peerId) && !waiting && !kept) throw RoomErrors.roomLocked();
    const peer = new Peer(claims.peerId, claims.displayName, claims.role, link, this.log.child({ peerId: claims.peerId }), claims.talkRoom ?? null);
    if (claims.host) this.host.addSessionHost(claims.peerId);
    // someone waiting keeps waiting on a reload, whatever their token says: the host may have sent them back
    if (waiting || (!this.peers.has(claims.peerId) && !kept && claims.role !== 'mediator' && !claims.autoAdmit && !claims.host)) {
      this.lobby.enter(peer, claims.talkRoom ?? null)?.close('replaced');
      peer.log.info({ role: peer.role, talkRoom: claims.talkRoom ?? null }, 'waiting in the lobby');
      this.lobbyChanged();
      return peer;
    }
    const old = this.peers.get(claims.peerId);
    this.places.forget(claims.peerId);
    this.seat(peer, () => old && this.removePeer(old, 'replaced', false));
    peer.log.info({ role: peer.role, replaced: Boolean(old), placeKept: kept }, 'peer joined');
    this.emit('peerSeated', peer);
    return peer;
  }

  isWaiting(peer: Peer): boolean {
    return this.lobby.has(peer);
  }

  /** Host: let one waiting person in. A locked room admits nobody (ROOM_LOCKED): unlock first. */
  admit(peerId: string): void {
    const peer = this.lobby.get(peerId);
    if (!peer) throw RoomErrors.notFound('waiting person');
    if (this.host.locked) throw RoomErrors.roomLocked();
    this.lobby.remove(peer);
    this.seat(peer);
    peer.notify('admitted', this.view(peer));
    peer.log.info('admitted from the lobby');
    this.lobbyChanged();
    this.emit('peerSeated', peer);
  }

  /** Host: let everyone waiting in (oldest first); returns their ids. */
  admitAll(): string[] {
    if (this.host.locked && this.lobby.size) throw RoomErrors.roomLocked();
    const ids = this.lobby.peers().map((p) => p.id);
    for (const id of ids) this.admit(id);
    return ids;
  }

  /** Host: turn a waiting person away; they are told, and may not wait in this room again. */
  decline(peerId: string): void {
    const peer = this.lobby.decline(peerId);
    if (!peer) throw RoomErrors.notFound('waiting person');
    peer.close('declined');
    peer.log.info('declined by the host');
    this.lobbyChanged();
  }

  /** What a seat sees of the room now (seat-view.ts). */
  view(peer: Peer): RoomView {
    return seatView(this, peer);
  }

  /** Admitted seats in a caucus group (null: the plenary). */
  inGroup(groupId: string | null): Peer[] {
    return [...this.peers.values()].filter((p) => this.caucus.group(p.id) === groupId);
  }

  /**
   * Who may read what is said or shown in a group now: its admitted seats (null: the
   * plenary, everyone). Not the plan's members: someone the host sent to the lobby keeps
   * their group but reads nothing said there while they waited.
   */
  audienceOf(groupId: string | null): string[] | null {
    return groupId === null ? null : this.inGroup(groupId).map((p) => p.id);
  }

  private seat(peer: Peer, beforeSet?: () => void): void {
    const hostBefore = this.hostId;
    this.media.addPeer(peer.mediaKey); // first, so that removing an old seat never empties the session
    beforeSet?.();
    this.peers.set(peer.id, peer);
    this.broadcast('peerJoined', { peer: peer.info() }, peer);
    this.host.announce(hostBefore, peer);
  }

  /** Mediators (any of them may host) hear who waits. */
  private lobbyChanged(): void {
    const waiting = this.lobby.list();
    for (const p of this.peers.values()) if (p.role === 'mediator') p.notify('lobbyChanged', { waiting });
  }

  /** Re-binds a reconnecting socket to its kept seat. */
  resume(peerId: string, sessionId: string, link: PeerLink): Peer {
    const peer = this.peers.get(peerId) ?? this.lobby.get(peerId);
    if (!peer || peer.closed || peer.sessionId !== sessionId) throw RoomErrors.sessionExpired();
    const wasConnected = peer.connected;
    const previous = peer.attach(link);
    previous?.release('replaced');
    if (!wasConnected && this.isWaiting(peer)) this.lobbyChanged();
    else if (!wasConnected) this.broadcast('peerConnection', { peerId, state: 'connected' }, peer);
    peer.log.info({ hadLink: wasConnected }, 'peer resumed');
    this.emit('peerResumed', peer);
    return peer;
  }

  /** The peer's socket dropped: keep the seat for the grace period. */
  linkLost(peer: Peer, link: PeerLink): void {
    if (!peer.detach(link, this.opts.graceMs, () => this.expire(peer))) return;
    peer.log.info({ graceMs: this.opts.graceMs }, 'peer link lost; seat kept');
    if (this.isWaiting(peer)) this.lobbyChanged();
    else this.broadcast('peerConnection', { peerId: peer.id, state: 'reconnecting' }, peer);
  }

  leave(peer: Peer): void {
    this.removePeer(peer, 'left', true);
  }

  // host controls (see RoomHost)
  get hostId(): string | null {
    return this.host.hostId;
  }
  isHost(peer: Peer): boolean {
    return this.hostId === peer.id;
  }

  /**
   * Host: remove a participant for good (they cannot join this room again; a waiting one
   * too), or send them back to the lobby: their media closes, their seat waits to be admitted again.
   */
  removeParticipant(peerId: string, to: 'out' | 'lobby' = 'out'): void {
    const peer = this.peers.get(peerId) ?? (to === 'out' ? this.lobby.get(peerId) : undefined);
    if (!peer && this.places.forget(peerId)) {
      // their seat timed out but their place was kept: out for good, or waiting when they come back
      if (to === 'out') this.removed.add(peerId);
      this.log.info({ peerId, to }, 'kept place withdrawn by the host');
      return;
    }
    if (!peer) throw RoomErrors.notFound('participant');
    if (to === 'lobby') return this.backToLobby(peer);
    this.removed.add(peerId);
    this.removePeer(peer, 'removed', true);
  }

  private backToLobby(peer: Peer): void {
    if (peer.role === 'mediator') throw RoomErrors.forbidden('a mediator does not wait in the lobby');
    const hostBefore = this.hostId;
    this.peers.delete(peer.id);
    this.host.lowerHand(peer.id);
    this.media.closePeer(peer.mediaKey); // closes its transports: the others' consumers of it close
    peer.resetMedia();
    this.lobby.enter(peer, null);
    this.broadcast('peerLeft', { peerId: peer.id, reason: 'lobby' });
    this.host.announce(hostBefore);
    peer.notify('returnedToLobby', {});
    peer.log.info('sent back to the lobby');
    this.lobbyChanged();
    this.emit('peerLeft', peer, 'lobby');
  }

  /**
   * Host: replaces the caucus plan; media follows (crossing consumers closed, allowed ones
   * created). Every peer id must be an admitted seat (NOT_FOUND, nothing changes).
   */
  setCaucus(groups: CaucusPlanInput): CaucusGroups {
    for (const g of groups) for (const peerId of g.peerIds) if (!this.peers.has(peerId)) throw RoomErrors.notFound('participant');
    this.caucus.replace(groups);
    return this.caucusChanged();
  }

  /** Host: moves one participant (the host too) into a group that exists (its id), a new one (`{ label }`), or to the plenary (`null`). */
  moveToGroup(peerId: string, to: CaucusTarget): CaucusGroups {
    if (!this.peers.has(peerId)) throw RoomErrors.notFound('participant');
    return this.caucus.move(peerId, to) ? this.caucusChanged() : this.caucus.groups();
  }

  private caucusChanged(): CaucusGroups {
    const groups = this.caucus.groups();
    this.log.info({ groups }, 'caucus groups changed');
    // close first, synchronously: from here on no media crosses the new lines
    this.wiring.closeCrossing();
    this.broadcast('caucusChanged', { groups });
    this.emit('caucusChanged');
    this.speaker.tell();
    this.docs.reshowAfterCaucus(new Set(groups.map((g) => g.groupId)), this.peers.values());
    this.wiring.consumeAllowed();
    return groups;
  }

  /** Idempotent: ends every seat, closes the media session, tells the registry. */
  close(reason: 'closed' | 'ended' = 'closed'): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.linkWatch.stop();
    this.downlink.stop();
    for (const peer of [...this.peers.values(), ...this.lobby.peers()]) peer.close(reason);
    this.peers.clear();
    this.media.close();
    this.log.info('room closed');
    this.emit('close');
  }

  /** The seat's grace period is over (also for a seat rebuilt on this node: room-image.ts). */
  expire(peer: Peer): void {
    if ((this.peers.get(peer.id) !== peer && !this.isWaiting(peer)) || peer.connected) return;
    // an admitted seat keeps its place (not a mediator's: they never wait)
    const admitted = this.peers.get(peer.id) === peer && peer.role !== 'mediator';
    peer.log.info({ placeKept: admitted }, 'grace period over: removing peer');
    this.removePeer(peer, 'timeout', true);
    if (admitted && !this.closedFlag) this.places.keep(peer.id);
  }

  private removePeer(peer: Peer, reason: Exclude<PeerLeaveReason, 'lobby'>, closeIfEmpty: boolean): void {
    if (this.lobby.remove(peer)) {
      peer.close(reason === 'left' ? undefined : reason);
      peer.log.info({ reason }, 'left the lobby');
      this.lobbyChanged();
      if (closeIfEmpty && this.peers.size === 0 && this.lobby.size === 0) this.close();
      return;
    }
    if (this.peers.get(peer.id) !== peer) return;
    const hostBefore = this.hostId;
    this.peers.delete(peer.id);
    if (reason !== 'replaced') this.host.lowerHand(peer.id); // a reload keeps its hand up
    peer.close(reason === 'left' ? undefined : reason);
    this.media.closePeer(peer.mediaKey);
    this.broadcast('peerLeft', { peerId: peer.id, reason }, peer);
    if (reason !== 'replaced') this.host.announce(hostBefore);
    peer.log.info({ reason }, 'peer removed');
    this.emit('peerLeft', peer, reason);
    if (closeIfEmpty && this.peers.size === 0 && this.lobby.size === 0) this.close();
  }

  /** Tells every seat (but `except`). */
  broadcast<N extends NotificationName>(name: N, payload: NotificationPayload<N>, except?: Peer): void {
    for (const p of this.peers.values()) if (p !== except) p.notify(name, payload);
  }
}
