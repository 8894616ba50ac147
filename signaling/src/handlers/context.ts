import type { Socket } from 'socket.io';
import type { ClientToServerEvents, NotificationName, NotificationPayload, RequestName, RequestPayload, ResponseData, ServerToClientEvents } from '@shuoshi/protocol';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { RoomErrors } from '../rooms/errors';
import type { Peer, PeerLink, SeatEndReason } from '../rooms/peer';
import type { Room } from '../rooms/room';
import type { RoomRegistry } from '../rooms/registry';
import type { RoomPlacement } from '../cluster/placement';
import type { RoomAudit } from '../rooms/room-audit';
import type { RoomRecordings } from '../rooms/room-recording';
import type { SessionRecord } from '../rooms/session-record';
import type { RoomBriefs } from '../rooms/case-brief';

export type SignallingSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

/** What handlers need from the node: rooms and the parts of the config that concern seats. */
export interface SignallingDeps {
  rooms: RoomRegistry;
  /** Which node hosts a room (several nodes: cluster/placement.ts); absent: this node hosts every room. */
  placement?: RoomPlacement;
  config: Pick<Config, 'authSecret' | 'peerGraceMs' | 'turn'> & Partial<Pick<Config, 'uplinkGuard'>>;
  log: Logger;
  /** Where host actions are audited (absent in unit tests). */
  audit?: RoomAudit;
  /** Recording with consent in live rooms (absent: recording requests answer NO_SESSION). */
  recordings?: RoomRecordings;
  /** The case-file documents a room may show (absent: none). */
  documents?: RoomDocuments;
  /** Removals and the session's start and end, kept beyond the room; checked at every join and resume (absent in unit tests). */
  sessionRecord?: SessionRecord;
  /** What a session's room is about, for `room:brief` (absent: null). */
  briefs?: RoomBriefs;
}

/** Finds a document of the case file of the session that owns a room. */
export interface RoomDocuments {
  find(roomId: string, documentId: string): Promise<{ documentId: string; name: string; mime: string } | null>;
}

/** The socket.io room of the sockets seated as one peer (on every node: a disabled account's seats close through it). */
export const peerSocketRoom = (peerId: string) => `peer:${peerId}`;

/** The socket calls a session makes (join/leave are absent from unit tests' fakes). */
type SessionSocket = Pick<SignallingSocket, 'id' | 'emit'> & Partial<Pick<SignallingSocket, 'join' | 'leave'>>;

/**
 * One socket's state: which seat (room + peer) it holds, if any. It is the peer's
 * link while bound; a seat that ends elsewhere (replaced, timed out, room closed)
 * releases it, and the socket's later requests get NOT_JOINED.
 */
export class SocketSession implements PeerLink {
  room: Room | undefined;
  peer: Peer | undefined;
  /** A join or resume is in flight: a second one is refused. */
  seating = false;
  log: Logger;
  /** Notifications held back until the join or resume ack has gone (see `holdNotifications`). */
  private heldBack: Array<[string, unknown]> | undefined;

  constructor(
    private readonly socket: SessionSocket,
    private readonly baseLog: Logger,
  ) {
    this.log = baseLog;
  }

  get id(): string {
    return this.socket.id;
  }

  bind(room: Room, peer: Peer): void {
    this.room = room;
    this.peer = peer;
    this.log = this.baseLog.child({ roomId: room.id, peerId: peer.id });
    void this.socket.join?.(peerSocketRoom(peer.id));
  }

  unbind(): void {
    if (this.peer) void this.socket.leave?.(peerSocketRoom(this.peer.id));
    this.room = undefined;
    this.peer = undefined;
    this.log = this.baseLog;
  }

  /** The held, admitted seat: NOT_JOINED without one, NOT_ADMITTED while it waits in the lobby. */
  seat(): { room: Room; peer: Peer } {
    const held = this.held();
    if (held.room.isWaiting(held.peer)) throw RoomErrors.notAdmitted();
    return held;
  }

  /** The held seat, admitted or waiting in the lobby; NOT_JOINED without one. */
  held(): { room: Room; peer: Peer } {
    const { room, peer } = this;
    if (!room || !peer || peer.closed) throw RoomErrors.notJoined();
    return { room, peer };
  }

  notify<N extends NotificationName>(name: N, payload: NotificationPayload<N>): void {
    if (this.heldBack) this.heldBack.push([name, payload]);
    else this.emit(name, payload);
  }

  /**
   * While a join or resume is answered, the seat already exists and the room may tell it
   * things (a host who admits on arrival sends `admitted` while the reply is still being
   * signed): hold them back, so the client always has its seat before anything about it.
   */
  holdNotifications(): void {
    this.heldBack ??= [];
  }

  /** Send what was held back, in order: the dispatcher calls it after each ack (a join or resume still answered keeps holding). */
  releaseNotifications(): void {
    if (this.seating) return;
    const held = this.heldBack;
    this.heldBack = undefined;
    for (const [name, payload] of held ?? []) this.emit(name, payload);
  }

  private emit(name: string, payload: unknown): void {
    // socket.io's typed emit cannot see through the generic N
    (this.socket.emit as (event: string, payload: unknown) => boolean)(name, payload);
  }

  release(reason: SeatEndReason): void {
    this.notify('sessionEnded', { reason });
    this.unbind();
  }
}

export interface HandlerContext {
  session: SocketSession;
  deps: SignallingDeps;
}

/** One handler per request; the payload has been validated against its schema. */
export type Handler<N extends RequestName> = (ctx: HandlerContext, payload: RequestPayload<N>) => Promise<ResponseData<N>>;
export type HandlerTable = { [N in RequestName]: Handler<N> };
