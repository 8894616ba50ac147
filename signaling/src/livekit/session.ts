import crypto from 'node:crypto';
import {
  DisconnectReason, ICEServer, JoinResponse, LeaveRequest, LeaveRequest_Action, ParticipantUpdate, ReconnectResponse, RequestResponse, RequestResponse_Reason, Room as LkRoom,
  RoomUpdate, ServerInfo, ServerInfo_Edition, SignalResponse, SpeakerInfo, SpeakersChanged, MuteTrackRequest, type UpdateParticipantMetadata,
} from '@livekit/protocol';
import type { NotificationName, NotificationPayload, RecordingStateInfo } from '@shuoshi/protocol';
import type { RoomClaims } from '../auth/room-token';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { RoomErrors } from '../rooms/errors';
import { turnIceServers } from '../rooms/ice-servers';
import type { Peer, PeerLink, SeatEndReason } from '../rooms/peer';
import type { RoomRegistry } from '../rooms/registry';
import { LocalPlacement, type RoomPlacement } from '../cluster/placement';
import type { Room } from '../rooms/room';
import type { RoomRecordings } from '../rooms/room-recording';
import type { SessionRecord } from '../rooms/session-record';
import { CONSENT_ATTRIBUTE, consentAttribute, isRecording, readConsentAnswer } from './consent';
import { participantInfo, participantSid, seatView } from './participants';
import { Publishing } from './publishing';
import { Subscribing } from './subscribing';
import type { TrackSids } from './track-sids';

/** A seat's two PeerConnections, kept with the seat (not the connection) so that a resumed connection carries on with them. */
export interface SeatMedia {
  publishing: Publishing;
  subscribing: Subscribing;
  /** The connection that holds the seat now: offers and updates go to it. */
  session: LiveKitSession;
}

export interface LiveKitDeps {
  rooms: RoomRegistry;
  /**
   * Which node hosts a room (several nodes); absent: this one. A LiveKit client cannot
   * follow ROOM_ELSEWHERE: its signalling is relayed there (relay.ts), never given a second room of the same id.
   */
  placement?: RoomPlacement;
  /** Each LiveKit seat's media state, by seat instance (gone with it). */
  seats: WeakMap<Peer, SeatMedia>;
  turn: Config['turn'];
  sessionRecord?: SessionRecord | undefined;
  /** The rooms' recordings (consent answers go to them as socket.io's `consent:give` does); absent: nothing is recorded here. */
  recordings?: Pick<RoomRecordings, 'for'> | undefined;
  sids: TrackSids;
  log: Logger;
}

/** What the session needs of its WebSocket. */
export interface SignalSocket {
  send(bytes: Uint8Array): void;
  close(code: number, reason: string): void;
}

type Message = SignalResponse['message'];
/** Our server's LiveKit protocol level and the version it reports (livekit-client refuses a server without one). */
export const SERVER_VERSION = '1.9.0';
const PING_INTERVAL_S = 5;
const PING_TIMEOUT_S = 20;

const LEAVE_REASON: Record<SeatEndReason, DisconnectReason> = {
  replaced: DisconnectReason.DUPLICATE_IDENTITY,
  timeout: DisconnectReason.CONNECTION_TIMEOUT,
  closed: DisconnectReason.ROOM_CLOSED,
  removed: DisconnectReason.PARTICIPANT_REMOVED,
  ended: DisconnectReason.ROOM_DELETED,
  declined: DisconnectReason.USER_REJECTED,
};

/**
 * One LiveKit signal connection (`/rtc`): the seat's link to its room, like a socket.io
 * session is for our web client. The room talks to it only through PeerLink.notify; this
 * class turns those notifications into SignalResponses and the client's SignalRequests
 * into the room's own calls, so every rule (lobby, host mutes, caucus, removal) is the
 * room's. Publishing and Subscribing hold the two PeerConnections.
 */
export class LiveKitSession implements PeerLink {
  readonly id = `lk-${crypto.randomUUID()}`;
  room: Room | undefined;
  peer: Peer | undefined;
  publishing: Publishing | undefined;
  subscribing: Subscribing | undefined;
  log: Logger;
  private readonly joinedAt = new Map<string, number>();
  /** Participants this client was told about (peer id → seat instance), to tell it when they go. */
  private readonly known = new Map<string, string>();
  private speaker: string | null = null;
  private closed = false;
  /** The JoinResponse (or ReconnectResponse) went out: updates may follow it. */
  private ready = false;
  /** The room's recording state as last told (rooms/room-recording.ts), and what this client was shown of it. */
  private recording: RecordingStateInfo | undefined;
  private shown: { active: boolean; consent: string | undefined } = { active: false, consent: undefined };
  private readonly createdAt = BigInt(Math.floor(Date.now() / 1000));

  constructor(
    private readonly socket: SignalSocket,
    readonly deps: LiveKitDeps,
  ) {
    this.log = deps.log;
  }

  /** The database's word on the seat, asked by the node that seats it (cluster/placement.ts). */
  private async admit(claims: RoomClaims): Promise<void> {
    await this.deps.sessionRecord?.admit(claims.roomId, claims.peerId);
  }

  /** A new seat (or a lobby place) from a verified LiveKit token; answers with the JoinResponse. */
  async join(claims: RoomClaims): Promise<void> {
    const room = await (this.deps.placement ?? new LocalPlacement(this.deps.rooms)).forJoin(claims.roomId, () => this.admit(claims));
    const peer = room.join(claims, this);
    this.bind(room, peer);
    if (!room.isWaiting(peer) && room.isHost(peer)) await this.deps.sessionRecord?.hostArrived(room.id, peer.id);
    this.send({ case: 'join', value: this.joinResponse() });
    this.ready = true;
    await this.subscribing!.start(!room.isWaiting(peer));
  }

  /** `reconnect=1&sid=…`: re-binds the kept seat (its PeerConnections are the same), answers ReconnectResponse. */
  async resume(claims: RoomClaims, sid: string): Promise<void> {
    const room = await (this.deps.placement ?? new LocalPlacement(this.deps.rooms)).forResume(claims.roomId, () => this.admit(claims));
    const held = room?.peers.get(claims.peerId) ?? room?.lobby.get(claims.peerId);
    // a seat rebuilt on another node has no PeerConnections to re-bind: the SDK joins afresh
    if (!room || !held || participantSid(held.sessionId) !== sid || (held.transports.size === 0 && !room.isWaiting(held))) throw RoomErrors.sessionExpired();
    const peer = room.resume(claims.peerId, held.sessionId, this);
    this.bind(room, peer);
    this.send({ case: 'reconnect', value: new ReconnectResponse({ iceServers: this.iceServers() }) });
    this.ready = true;
    this.tellOthers();
    this.tellRecording(true);
  }

  private bind(room: Room, peer: Peer): void {
    this.room = room;
    this.peer = peer;
    this.log = this.deps.log.child({ roomId: room.id, peerId: peer.id, livekit: true });
    let seat = this.deps.seats.get(peer);
    if (seat) seat.session = this;
    else {
      const link = { room, peer, sids: this.deps.sids, log: this.log };
      const made = { session: this as LiveKitSession } as SeatMedia;
      made.publishing = new Publishing(link);
      made.subscribing = new Subscribing({ ...link, sendOffer: (sd) => made.session.send({ case: 'offer', value: sd }), announce: (peerId) => made.session.announce(peerId) });
      this.deps.seats.set(peer, made);
      seat = made;
    }
    this.publishing = seat.publishing;
    this.subscribing = seat.subscribing;
  }

  private joinResponse(): JoinResponse {
    const { room, peer } = this.held();
    const waiting = room.isWaiting(peer);
    const others = waiting ? [] : [...room.peers.values()].filter((p) => p !== peer);
    for (const o of others) this.known.set(o.id, o.sessionId);
    this.shown = { active: isRecording(this.recording), consent: consentAttribute(this.recording, peer.id) };
    return new JoinResponse({
      room: this.roomInfo(),
      participant: this.selfInfo(),
      otherParticipants: others.map((o) => participantInfo(this.deps.sids, seatView(o, this.joinedAtOf(o.id)))),
      serverVersion: SERVER_VERSION,
      serverInfo: new ServerInfo({ edition: ServerInfo_Edition.Standard, version: SERVER_VERSION, protocol: 16, nodeId: 'shuoshi' }),
      iceServers: this.iceServers(),
      subscriberPrimary: true,
      pingInterval: PING_INTERVAL_S,
      pingTimeout: PING_TIMEOUT_S,
    });
  }

  private roomInfo(): LkRoom {
    const { room } = this.held();
    return new LkRoom({ sid: `RM_${room.id.replace(/[^A-Za-z0-9]/g, '').slice(0, 24)}`, name: room.id, numParticipants: room.peers.size, creationTime: this.createdAt, activeRecording: this.shown.active });
  }

  /** This seat as its own client sees it: its permissions, and its consent attribute. */
  private selfInfo() {
    const { peer } = this.held();
    const consent = this.shown.consent;
    return participantInfo(this.deps.sids, { ...seatView(peer, this.joinedAtOf(peer.id)), permission: this.permission(), attributes: consent ? { [CONSENT_ATTRIBUTE]: consent } : {} });
  }

  private permission() {
    const { room, peer } = this.held();
    const admitted = !room.isWaiting(peer);
    return { canSubscribe: admitted, canPublish: admitted && peer.role !== 'observer' };
  }

  private iceServers(): ICEServer[] {
    return turnIceServers(this.deps.turn, this.held().peer.id).map((s) => new ICEServer({ urls: Array.isArray(s.urls) ? s.urls : [s.urls], username: s.username ?? '', credential: s.credential ?? '' }));
  }

  private joinedAtOf(peerId: string): number {
    let at = this.joinedAt.get(peerId);
    if (at === undefined) this.joinedAt.set(peerId, (at = Math.floor(Date.now() / 1000)));
    return at;
  }

  /** Tells the client where a seat is now (its tracks, muted or not). */
  announce(peerId: string): void {
    const other = this.room?.peers.get(peerId);
    if (!other || other === this.peer) return;
    this.known.set(other.id, other.sessionId);
    this.send({ case: 'update', value: new ParticipantUpdate({ participants: [participantInfo(this.deps.sids, seatView(other, this.joinedAtOf(other.id)))] }) });
  }

  private gone(peerId: string): void {
    const sessionId = this.known.get(peerId);
    if (!sessionId) return;
    this.known.delete(peerId);
    this.send({ case: 'update', value: new ParticipantUpdate({ participants: [participantInfo(this.deps.sids, { peerId, displayName: '', sessionId, producers: [], joinedAtS: this.joinedAtOf(peerId), state: 'gone' })] }) });
  }

  private tellOthers(): void {
    const { room, peer } = this.held();
    if (room.isWaiting(peer)) return;
    for (const o of room.peers.values()) if (o !== peer) this.announce(o.id);
  }

  private tellSelf(): void {
    this.send({ case: 'update', value: new ParticipantUpdate({ participants: [this.selfInfo()] }) });
  }

  /** The room's recording as LiveKit's fields: `Room.activeRecording`, and the question as this seat's `shuoshi.consent` attribute. */
  private tellRecording(always = false): void {
    if (!this.ready || !this.room || !this.peer || this.peer.closed) return;
    const active = isRecording(this.recording);
    const consent = consentAttribute(this.recording, this.peer.id);
    const roomChanged = always || active !== this.shown.active;
    const selfChanged = always || consent !== this.shown.consent;
    this.shown = { active, consent };
    if (roomChanged) this.send({ case: 'roomUpdate', value: new RoomUpdate({ room: this.roomInfo() }) });
    if (selfChanged) this.tellSelf();
  }

  /** `setAttributes({ 'shuoshi.consent': 'agree' | 'decline' })`: the answer, as socket.io's `consent:give` gives it (ledger, audit); OK echoes the request id. */
  async answerConsent(req: UpdateParticipantMetadata): Promise<void> {
    const { room, peer } = this.held();
    if (room.isWaiting(peer)) throw RoomErrors.notAdmitted();
    const decision = readConsentAnswer(req, peer.displayName);
    if (!this.deps.recordings) throw RoomErrors.noSession('recording is not available on this server');
    // the new state reaches this client as every seat's recordingState broadcast (a repeat changes nothing)
    await this.deps.recordings.for(room).give(peer, decision);
    this.send({ case: 'requestResponse', value: new RequestResponse({ requestId: req.requestId, reason: RequestResponse_Reason.OK, request: { case: 'updateMetadata', value: req } }) });
  }

  /** The room speaks (PeerLink): our notifications as LiveKit's. */
  notify<N extends NotificationName>(name: N, payload: NotificationPayload<N>): void {
    if (this.closed) return;
    const p = payload as never as Record<string, unknown>;
    switch (name as NotificationName) {
      case 'peerJoined':
        return this.announce((p['peer'] as { peerId: string }).peerId);
      case 'peerLeft':
        return this.gone(p['peerId'] as string);
      case 'newConsumer':
        return this.subscribing?.addConsumer(payload as NotificationPayload<'newConsumer'>);
      case 'consumerClosed':
        return this.subscribing?.removeConsumer(p['consumerId'] as string);
      case 'consumerPaused':
      case 'consumerResumed':
        return this.announce(p['peerId'] as string);
      case 'hostMuted':
        return this.hostMuted(payload as NotificationPayload<'hostMuted'>);
      case 'activeSpeaker':
        return this.speakers(p['peerId'] as string | null);
      case 'admitted':
        this.tellSelf();
        this.tellOthers();
        void this.subscribing?.subscribeAll().catch((err: unknown) => this.log.warn({ err }, 'cannot subscribe after admission'));
        return;
      case 'recordingState':
        this.recording = payload as NotificationPayload<'recordingState'>;
        return this.tellRecording();
      case 'roomMoving':
        // the node drains: resume (reconnect=1&sid) where the client connected; that node takes the room
        // or relays to the one that did, and a resume that finds no PeerConnections there turns into a full rejoin
        return this.leave(DisconnectReason.MIGRATION, LeaveRequest_Action.RESUME);
      case 'returnedToLobby':
        // its media is gone with the seat: the client joins again, as a full reconnect, and waits
        return this.leave(DisconnectReason.UNKNOWN_REASON, LeaveRequest_Action.RECONNECT);
      default:
        return; // chat, documents, hands, lobby lists: our web client's features, not LiveKit's; consentRequested comes with a recordingState
    }
  }

  private hostMuted(m: NotificationPayload<'hostMuted'>): void {
    if (m.peerId !== this.peer?.id) return this.announce(m.peerId);
    const sid = this.publishing?.sidOf(m.source);
    if (sid && m.muted) this.send({ case: 'mute', value: new MuteTrackRequest({ sid, muted: true }) });
  }

  private speakers(peerId: string | null): void {
    const changed: SpeakerInfo[] = [];
    const sidOf = (id: string) => (id === this.peer?.id ? this.peer.sessionId : this.room?.peers.get(id)?.sessionId);
    if (this.speaker && this.speaker !== peerId) {
      const s = sidOf(this.speaker);
      if (s) changed.push(new SpeakerInfo({ sid: participantSid(s), level: 0, active: false }));
    }
    if (peerId) {
      const s = sidOf(peerId);
      if (s) changed.push(new SpeakerInfo({ sid: participantSid(s), level: 0.8, active: true }));
    }
    this.speaker = peerId;
    if (changed.length) this.send({ case: 'speakersChanged', value: new SpeakersChanged({ speakers: changed }) });
  }

  /** The seat ended while this connection held it (PeerLink). */
  release(reason: SeatEndReason): void {
    if (this.room && this.peer) this.room.media.closePeer(this.peer.mediaKey); // a waiting seat's transport is not the room's to close
    this.leave(LEAVE_REASON[reason], LeaveRequest_Action.DISCONNECT);
  }

  private leave(reason: DisconnectReason, action: LeaveRequest_Action): void {
    this.send({ case: 'leave', value: new LeaveRequest({ reason, action, canReconnect: action !== LeaveRequest_Action.DISCONNECT }) });
    this.end(1000, 'leave');
  }

  /** The held seat: NOT_JOINED without one. */
  held(): { room: Room; peer: Peer } {
    if (!this.room || !this.peer || this.peer.closed) throw RoomErrors.notJoined();
    return { room: this.room, peer: this.peer };
  }

  send(message: Message): void {
    if (this.closed) return;
    this.socket.send(new SignalResponse({ message }).toBinary());
  }

  /** The client's own leave. */
  leaveRoom(): void {
    const { room, peer } = this.held();
    this.closeWaitingMedia(room, peer);
    this.peer = undefined;
    room.leave(peer);
    this.end(1000, 'left');
  }

  /** The WebSocket closed: the seat is kept for the grace period (the client may resume). */
  socketClosed(): void {
    this.closed = true;
    if (this.room && this.peer && !this.peer.closed) this.room.linkLost(this.peer, this);
  }

  private end(code: number, reason: string): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.close(code, reason);
  }

  /** A waiting seat's receive transport is ours to close (the room closes media of admitted seats only). */
  private closeWaitingMedia(room: Room, peer: Peer): void {
    if (room.isWaiting(peer)) room.media.closePeer(peer.mediaKey);
  }
}
