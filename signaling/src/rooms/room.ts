import { EventEmitter } from 'node:events';
import type {
  CaucusGroups,
  CaucusPlanInput,
  ChatMessage,
  ConsumerInfo,
  DocShown,
  DtlsParameters,
  IceParameters,
  MediaKind,
  MediaSource,
  NotificationName,
  NotificationPayload,
  PeerInfo,
  Role,
  RtpCapabilities,
  RoomView,
  RtpParameters,
  TransportInfo,
} from '@shuoshi/protocol';
import { waitingRoomView } from '@shuoshi/protocol';
import type { Logger } from '../logger';
import { RoomErrors } from './errors';
import { encodingScales, pickSpatialLayer } from './layers';
import type { MediaSession } from './media-port';
import { Peer, consumerInfo, type OwnedProducer, type PeerLink } from './peer';
import { Lobby } from './lobby';
import { RoomChat, type ChatStore } from './chat';
import { SharedDocs, type DocShowings, type DocUrl } from './shared-docs';
import { ActiveSpeaker } from './active-speaker';
import { CaucusPlan, type CaucusTarget } from './caucus-plan';

export interface RoomOptions {
  /** How long a peer whose socket dropped keeps its seat. */
  graceMs: number;
  log: Logger;
  /** Where the session chat is kept (memory only without one). */
  chatStore?: ChatStore | undefined;
  /** Download addresses of shown documents (see docs/api.md, documents). */
  docUrl?: DocUrl | undefined;
  /** Where who-was-shown-which-document is noted (REST access of parties follows it). */
  docShowings?: DocShowings | undefined;
}

export interface SeatClaims {
  peerId: string;
  displayName: string;
  role: Role;
  /** Skips the lobby (an invited lawyer or co-mediator); mediators always do. */
  autoAdmit?: boolean | undefined;
  /** The village talk room they join from, shown to the host while they wait. */
  talkRoom?: string | null | undefined;
  /** The session's own host (its mediator, or the lawyer of a consultation). */
  host?: boolean | undefined;
}

export interface ProduceRequest {
  transportId: string;
  kind: MediaKind;
  source: MediaSource;
  rtpParameters: RtpParameters;
  paused?: boolean;
  sourceHeight?: number;
}

export type PeerLeaveReason = 'left' | 'timeout' | 'replaced' | 'closed' | 'removed' | 'lobby';

/** What a room tells listeners in-process (recording listens: it is just another consumer). */
export type RoomEvents = {
  close: [];
  /** A peer took a seat (after a replaced seat's `peerLeft`). */
  peerSeated: [peer: Peer];
  /** A kept seat was re-bound to a new socket. */
  peerResumed: [peer: Peer];
  peerLeft: [peer: Peer, reason: PeerLeaveReason];
  producerAdded: [peer: Peer, producer: OwnedProducer];
  /** The caucus plan changed (consumers already follow it). */
  caucusChanged: [];
};

const MAX_TRANSPORTS_PER_PEER = 4;
const MAX_PRODUCERS_PER_PEER = 4;
/** Roles that only watch and listen. */
const RECEIVE_ONLY: ReadonlySet<Role> = new Set(['observer']);

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
  /** Who speaks, told only to those who hear them. */
  private readonly speaker: ActiveSpeaker;
  /** Hard mutes by the host, by peer id (a reload does not lift them). */
  private readonly hostMutes = new Map<string, Set<MediaSource>>();
  /** Whose hand is up (a seat that leaves or goes back to the lobby lowers it). */
  private readonly raisedHands = new Set<string>();
  /** The host after a handoff; until then (or while they are away) any mediator hosts. */
  private handedTo: string | undefined;
  /** Whose join token names them the session's host. */
  private readonly sessionHosts = new Set<string>();
  /** Peers the host removed: they cannot take a seat again. */
  private readonly removed = new Set<string>();
  private lockedFlag = false;
  readonly log: Logger;
  private closedFlag = false;

  constructor(
    readonly id: string,
    readonly media: MediaSession,
    private readonly opts: RoomOptions,
  ) {
    super();
    this.log = opts.log;
    this.chat = new RoomChat(id, opts.chatStore, opts.log);
    this.docs = new SharedDocs(id, opts.docUrl ?? ((documentId) => `/api/documents/${documentId}/content`), opts.docShowings, (err) =>
      this.log.error({ err }, 'cannot note who a document was shown to'),
    );
    this.speaker = new ActiveSpeaker(() => this.peers.values(), (a, b) => this.caucus.together(a, b));
    media.onActiveSpeaker((producerId) => this.speaker.set(producerId ? this.ownerOf(producerId)?.id ?? null : null));
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
   * another device) replaces the old seat and keeps its admission or lobby place.
   */
  join(claims: SeatClaims, link: PeerLink): Peer {
    if (this.closedFlag) throw RoomErrors.roomUnavailable('the room is closing; try again');
    if (this.removed.has(claims.peerId)) throw RoomErrors.forbidden('the host removed you from this room');
    if (this.lobby.isDeclined(claims.peerId)) throw RoomErrors.declined();
    const waiting = this.lobby.get(claims.peerId);
    // a locked room keeps its seats and lobby places (a reload re-takes its own) but lets nobody new in
    if (this.lockedFlag && !this.peers.has(claims.peerId) && !waiting) throw RoomErrors.roomLocked();
    const peer = new Peer(claims.peerId, claims.displayName, claims.role, link, this.log.child({ peerId: claims.peerId }));
    if (claims.host) this.sessionHosts.add(claims.peerId);
    // someone waiting keeps waiting on a reload, whatever their token says: the host may have sent them back
    if (waiting || (!this.peers.has(claims.peerId) && claims.role !== 'mediator' && !claims.autoAdmit && !claims.host)) {
      this.lobby.enter(peer, claims.talkRoom ?? null)?.close('replaced');
      peer.log.info({ role: peer.role, talkRoom: claims.talkRoom ?? null }, 'waiting in the lobby');
      this.lobbyChanged();
      return peer;
    }
    const old = this.peers.get(claims.peerId);
    this.seat(peer, () => old && this.removePeer(old, 'replaced', false));
    peer.log.info({ role: peer.role, replaced: Boolean(old) }, 'peer joined');
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
    if (this.lockedFlag) throw RoomErrors.roomLocked();
    this.lobby.remove(peer);
    this.seat(peer);
    peer.notify('admitted', this.view(peer));
    peer.log.info('admitted from the lobby');
    this.lobbyChanged();
    this.emit('peerSeated', peer);
  }

  /** Host: let everyone waiting in (oldest first); returns their ids. */
  admitAll(): string[] {
    if (this.lockedFlag && this.lobby.size) throw RoomErrors.roomLocked();
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

  /** What a seat sees of the room now (a waiting seat: only whether a host is there and the lock). */
  view(peer: Peer): RoomView {
    if (this.isWaiting(peer)) return waitingRoomView(this.hostId, this.lockedFlag);
    const groupId = this.caucus.group(peer.id);
    return {
      peers: this.others(peer),
      hostId: this.hostId,
      caucus: this.caucus.groups(),
      locked: this.lockedFlag,
      chat: this.chat.page(peer.id, groupId).messages,
      shownDocument: this.docs.for(groupId, peer),
      hands: [...this.raisedHands].filter((id) => this.peers.has(id)),
      hostMutes: [...this.hostMutes].flatMap(([peerId, sources]) => [...sources].map((source) => ({ peerId, source }))),
    };
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
    this.announceHost(hostBefore, peer);
  }

  /** The host changed: tell the room (and the lobby, who learn whether anyone can admit them). */
  private announceHost(before: string | null, except?: Peer): void {
    if (this.hostId === before) return;
    this.broadcast('hostChanged', { peerId: this.hostId }, except);
    for (const p of this.lobby.peers()) p.notify('hostChanged', { peerId: this.hostId });
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

  others(peer: Peer): PeerInfo[] {
    return [...this.peers.values()].filter((p) => p !== peer).map((p) => p.info());
  }

  async createTransport(peer: Peer, direction: 'send' | 'recv'): Promise<TransportInfo> {
    if (direction === 'send' && RECEIVE_ONLY.has(peer.role)) throw RoomErrors.forbidden(`role ${peer.role} cannot send media`);
    const release = peer.reserve('transport', MAX_TRANSPORTS_PER_PEER);
    if (!release) throw RoomErrors.forbidden('too many transports');
    try {
      const info = await this.media.createTransport(peer.mediaKey, direction);
      if (peer.closed) {
        this.media.closePeer(peer.mediaKey); // the seat went while the transport was being made
        throw RoomErrors.sessionExpired();
      }
      peer.transports.set(info.transportId, direction);
      return info;
    } finally {
      release();
    }
  }

  async connectTransport(peer: Peer, transportId: string, dtlsParameters: DtlsParameters): Promise<void> {
    this.ownTransport(peer, transportId);
    await this.media.connectTransport(peer.mediaKey, transportId, dtlsParameters);
  }

  async restartIce(peer: Peer, transportId: string): Promise<IceParameters> {
    this.ownTransport(peer, transportId);
    return this.media.restartIce(peer.mediaKey, transportId);
  }

  async produce(peer: Peer, req: ProduceRequest): Promise<string> {
    if (this.ownTransport(peer, req.transportId) !== 'send') throw RoomErrors.badRequest('produce needs a send transport');
    if (RECEIVE_ONLY.has(peer.role)) throw RoomErrors.forbidden(`role ${peer.role} cannot send media`);
    if ((req.kind === 'audio') !== (req.source === 'microphone')) throw RoomErrors.badRequest(`a ${req.source} does not send ${req.kind}`);
    const release = peer.reserve('producer', MAX_PRODUCERS_PER_PEER);
    if (!release) throw RoomErrors.forbidden('too many producers');
    let owned: OwnedProducer;
    try {
      const producer = await this.media.produce(peer.mediaKey, req.transportId, {
        kind: req.kind,
        rtpParameters: req.rtpParameters,
        paused: (req.paused ?? false) || this.isHostMuted(peer.id, req.source),
        appData: { peerId: peer.id, source: req.source },
      });
      if (peer.closed) {
        producer.close();
        throw RoomErrors.sessionExpired();
      }
      owned = { producer, source: req.source, scales: encodingScales(req.rtpParameters.encodings), sourceHeight: req.sourceHeight ?? 480 };
      peer.producers.set(producer.id, owned);
    } finally {
      release();
    }
    const { producer } = owned;
    peer.log.info({ producerId: producer.id, kind: req.kind, source: req.source, layers: owned.scales.length }, 'producing');
    for (const other of this.peers.values()) if (other !== peer) void this.consumeFor(other, peer.id, owned, true);
    this.emit('producerAdded', peer, owned);
    return producer.id;
  }

  async setProducerPaused(peer: Peer, producerId: string, paused: boolean): Promise<void> {
    const owned = peer.producers.get(producerId);
    if (!owned) throw RoomErrors.notFound('producer');
    if (!paused && this.isHostMuted(peer.id, owned.source)) throw RoomErrors.mutedByHost(owned.source);
    await (paused ? owned.producer.pause() : owned.producer.resume());
  }

  closeProducer(peer: Peer, producerId: string): void {
    const owned = peer.producers.get(producerId);
    if (!owned) throw RoomErrors.notFound('producer');
    peer.producers.delete(producerId);
    owned.producer.close(); // mediasoup closes its consumers; their owners hear consumerClosed
  }

  /** The peer can receive: consume every producer in the room (paused until the client resumes each). */
  async ready(peer: Peer, rtpCapabilities: RtpCapabilities): Promise<ConsumerInfo[]> {
    if (!peer.recvTransportId) throw RoomErrors.badRequest('create a recv transport before ready');
    this.media.checkRtpCapabilities(rtpCapabilities);
    peer.rtpCapabilities = rtpCapabilities;
    const work: Array<Promise<ConsumerInfo | undefined>> = [];
    for (const other of this.peers.values()) {
      if (other === peer) continue;
      for (const owned of other.producers.values()) work.push(this.consumeFor(peer, other.id, owned, false));
    }
    return (await Promise.all(work)).filter((c): c is ConsumerInfo => c !== undefined);
  }

  async resumeConsumer(peer: Peer, consumerId: string): Promise<void> {
    const owned = peer.consumers.get(consumerId);
    if (!owned) throw RoomErrors.notFound('consumer');
    await owned.consumer.resume();
  }

  async setRenderedSize(peer: Peer, consumerId: string, _width: number, height: number): Promise<number> {
    const owned = peer.consumers.get(consumerId);
    if (!owned) throw RoomErrors.notFound('consumer');
    if (owned.consumer.type !== 'simulcast') return 0;
    const spatialLayer = pickSpatialLayer(owned.producer.scales, owned.producer.sourceHeight, height);
    await owned.consumer.setPreferredLayers({ spatialLayer });
    return spatialLayer;
  }

  /**
   * The host: whoever the role was handed to, else the session's own host (a consultation's
   * lawyer too), else the first mediator present.
   */
  get hostId(): string | null {
    if (this.handedTo && this.peers.has(this.handedTo)) return this.handedTo;
    for (const id of this.sessionHosts) if (this.peers.has(id)) return id;
    for (const p of this.peers.values()) if (p.role === 'mediator') return p.id;
    return null;
  }

  isHost(peer: Peer): boolean {
    return this.hostId === peer.id;
  }

  /** Host: hand the role to a co-mediator. */
  handHostTo(peerId: string): void {
    const target = this.peers.get(peerId);
    if (!target) throw RoomErrors.notFound('participant');
    if (target.role !== 'mediator') throw RoomErrors.forbidden('only a mediator can host');
    const before = this.hostId;
    this.handedTo = peerId;
    this.announceHost(before);
  }

  /**
   * Host: remove a participant for good (they cannot join this room again; a waiting one
   * too), or send them back to the lobby: their media closes, their seat waits to be admitted again.
   */
  removeParticipant(peerId: string, to: 'out' | 'lobby' = 'out'): void {
    const peer = this.peers.get(peerId) ?? (to === 'out' ? this.lobby.get(peerId) : undefined);
    if (!peer) throw RoomErrors.notFound('participant');
    if (to === 'lobby') return this.backToLobby(peer);
    this.removed.add(peerId);
    this.removePeer(peer, 'removed', true);
  }

  private backToLobby(peer: Peer): void {
    if (peer.role === 'mediator') throw RoomErrors.forbidden('a mediator does not wait in the lobby');
    const hostBefore = this.hostId;
    this.peers.delete(peer.id);
    this.raisedHands.delete(peer.id);
    this.media.closePeer(peer.mediaKey); // closes its transports: the others' consumers of it close
    peer.resetMedia();
    this.lobby.enter(peer, null);
    this.broadcast('peerLeft', { peerId: peer.id, reason: 'lobby' });
    this.announceHost(hostBefore);
    peer.notify('returnedToLobby', {});
    peer.log.info('sent back to the lobby');
    this.lobbyChanged();
    this.emit('peerLeft', peer, 'lobby');
  }

  get locked(): boolean {
    return this.lockedFlag;
  }

  /** Host: a locked room admits nobody new. */
  setLocked(locked: boolean): void {
    if (this.lockedFlag === locked) return;
    this.lockedFlag = locked;
    this.broadcast('roomLocked', { locked });
  }

  raiseHand(peer: Peer, raised: boolean): void {
    if (raised) this.raisedHands.add(peer.id);
    else this.raisedHands.delete(peer.id);
    this.broadcast('handRaised', { peerId: peer.id, raised });
  }

  isHostMuted(peerId: string, source: MediaSource): boolean {
    return this.hostMutes.get(peerId)?.has(source) ?? false;
  }

  /** Host: hard-mute (pause, and refuse the peer's own resume) or allow again one source of a peer. */
  async hostMute(peerId: string, source: MediaSource, muted: boolean): Promise<void> {
    const peer = this.peers.get(peerId);
    if (!peer) throw RoomErrors.notFound('participant');
    const set = this.hostMutes.get(peerId) ?? new Set<MediaSource>();
    if (muted) set.add(source);
    else set.delete(source);
    if (set.size) this.hostMutes.set(peerId, set);
    else this.hostMutes.delete(peerId);
    if (muted) await Promise.all([...peer.producers.values()].filter((p) => p.source === source).map((p) => p.producer.pause()));
    this.broadcast('hostMuted', { peerId, source, muted });
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
    for (const peer of this.peers.values()) {
      for (const [consumerId, owned] of peer.consumers) {
        if (this.caucus.together(peer.id, owned.fromPeerId)) continue;
        peer.consumers.delete(consumerId);
        owned.consumer.close();
        peer.notify('consumerClosed', { consumerId });
      }
    }
    this.broadcast('caucusChanged', { groups });
    this.emit('caucusChanged');
    this.speaker.tell();
    // what was shown in a group that is over is gone with it; in a group that goes on, only
    // those it was shown to see it again (clients drop the one of a group they left)
    this.docs.keepOnly(new Set(groups.map((g) => g.groupId)));
    for (const peer of this.peers.values()) {
      const doc = this.docs.for(this.caucus.group(peer.id), peer);
      if (doc) peer.notify('docShown', doc);
    }
    for (const peer of this.peers.values()) {
      for (const other of this.peers.values()) {
        if (other === peer) continue;
        for (const owned of other.producers.values()) void this.consumeFor(peer, other.id, owned, true);
      }
    }
    return groups;
  }

  /** Idempotent: ends every seat, closes the media session, tells the registry. */
  close(reason: 'closed' | 'ended' = 'closed'): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    for (const peer of [...this.peers.values(), ...this.lobby.peers()]) peer.close(reason);
    this.peers.clear();
    this.media.close();
    this.log.info('room closed');
    this.emit('close');
  }

  private async consumeFor(peer: Peer, fromPeerId: string, producer: OwnedProducer, announce: boolean): Promise<ConsumerInfo | undefined> {
    const transportId = peer.recvTransportId;
    const caps = peer.rtpCapabilities;
    const producerId = producer.producer.id;
    if (!transportId || !caps || peer.hasConsumerOf(producerId)) return undefined;
    if (!this.caucus.together(peer.id, fromPeerId)) return undefined;
    peer.pendingConsumes.add(producerId);
    let consumer;
    try {
      consumer = await this.media.consume(peer.mediaKey, transportId, producerId, caps);
    } catch (err) {
      peer.log.warn({ err, producerId }, 'cannot consume');
      return undefined;
    } finally {
      peer.pendingConsumes.delete(producerId);
    }
    if (!consumer) return undefined;
    // the seat went, or the host moved one of the two apart while the consumer was made
    if (peer.closed || !this.caucus.together(peer.id, fromPeerId)) {
      consumer.close();
      return undefined;
    }
    const owned = { consumer, fromPeerId, source: producer.source, producer };
    peer.consumers.set(consumer.id, owned);
    consumer.onEvent((event) => {
      const ref = { consumerId: consumer.id, peerId: fromPeerId, source: producer.source };
      if (event === 'close') {
        if (peer.consumers.delete(consumer.id)) peer.notify('consumerClosed', { consumerId: consumer.id });
      } else peer.notify(event === 'producerpause' ? 'consumerPaused' : 'consumerResumed', ref);
    });
    const info = consumerInfo(owned);
    if (announce) peer.notify('newConsumer', info);
    return info;
  }

  private expire(peer: Peer): void {
    if ((this.peers.get(peer.id) !== peer && !this.isWaiting(peer)) || peer.connected) return;
    peer.log.info('grace period over: removing peer');
    this.removePeer(peer, 'timeout', true);
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
    if (reason !== 'replaced') this.raisedHands.delete(peer.id); // a reload keeps its hand up
    peer.close(reason === 'left' ? undefined : reason);
    this.media.closePeer(peer.mediaKey);
    this.broadcast('peerLeft', { peerId: peer.id, reason }, peer);
    if (reason !== 'replaced') this.announceHost(hostBefore);
    peer.log.info({ reason }, 'peer removed');
    this.emit('peerLeft', peer, reason);
    if (closeIfEmpty && this.peers.size === 0 && this.lobby.size === 0) this.close();
  }

  private ownTransport(peer: Peer, transportId: string): 'send' | 'recv' {
    const dir = peer.transports.get(transportId);
    if (!dir) throw RoomErrors.notFound('transport');
    return dir;
  }

  private ownerOf(producerId: string): Peer | undefined {
    for (const p of this.peers.values()) if (p.producers.has(producerId)) return p;
    return undefined;
  }

  /** Tells every seat (but `except`). */
  broadcast<N extends NotificationName>(name: N, payload: NotificationPayload<N>, except?: Peer): void {
    for (const p of this.peers.values()) if (p !== except) p.notify(name, payload);
  }
}
