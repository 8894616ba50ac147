import { ErrorCode, type ResponseData, type RoomView } from '@shuoshi/protocol';
import type { EndReason, LocalMedia, RoomEvents, RoomLink, RoomState, Seat, SeatAdmission, SeatEnd, SelfInfo } from './core';
import { Emitter } from './emitter';
import { Caucus } from './features/caucus';
import { RoomChat } from './features/chat';
import { SharedDocument } from './features/documents';
import { SessionBrief } from './features/case-brief';
import { HostControls } from './features/host-controls';
import { LobbyControls } from './features/lobby';
import { RecordingConsent } from './features/recording';
import { captureLocal, type CaptureRequest, type LocalTracks } from './local-media';
import { MediaLink, type MediaSetup } from './media-link';
import { RemotePeers } from './remote-peers';
import { Signal, SignalError, type SignalOptions } from './signal';
import type { InboundStats, OutboundStats } from './stats';
import { warmUpWebRtc } from './warm-up';
import { UplinkGuard } from './uplink-guard';
import { DownlinkNote } from './downlink-note';
import { HostHolds } from './host-holds';

export type { EndReason, LocalMedia, RoomState, SeatAdmission, SeatEnd, SelfInfo } from './core';

export interface RoomClientOptions extends SignalOptions {
  /** The join token the server issued for this room and role. */
  token: string;
  /** What to send (and from which camera/microphone); an observer sends nothing. */
  publish?: CaptureRequest;
  signal?: Signal;
}

/** Tries of a fresh join after the seat was lost (~30 s with the back-off). */
const REJOIN_ATTEMPTS = 6;
const SEAT_ENDS: ReadonlySet<string> = new Set<SeatEnd>(['replaced', 'removed', 'ended', 'declined']);
const isSeatEnd = (reason: string): reason is SeatEnd => SEAT_ENDS.has(reason);
/** A resume refused while the room moves between nodes: asked again, not a failure. */
const MOVING: ReadonlySet<string> = new Set([ErrorCode.RoomUnavailable, ErrorCode.RoomElsewhere, ErrorCode.Timeout]);

/**
 * The framework-free room client: the connection (join, resume, a fresh join when the seat
 * is gone, camera and microphone, everyone else's media, ICE restarts) and the room's
 * features, each in its own module (`lobby`, `chat`, `documents`, `caucus`, `host`,
 * `recording`) with its own state and `change` event. React hooks sit on top.
 */
export class RoomClient extends Emitter<RoomEvents> implements RoomLink {
  state: RoomState = 'idle';
  /** Why the client stopped: the server ended the seat (`left`), or a request it needed failed (`failed`). */
  endReason: EndReason | undefined;
  self: SelfInfo | undefined;
  activeSpeaker: string | null = null;
  /** Whether this seat takes part or waits in the lobby (undefined before the first join ack). */
  admission: SeatAdmission | undefined;
  local: LocalMedia = { camera: undefined, microphone: undefined, microphoneMuted: false, cameraOff: false, heldByHost: { microphone: false, camera: false }, uplink: 'good', downlink: 'good' };
  readonly peers = new RemotePeers(() => this.emit('peers', this.peers.list));
  /** How often the link came back by resume, by a fresh join, and how many ICE restarts ran. */
  readonly counters = { resumes: 0, rejoins: 0, iceRestarts: 0 };
  readonly signal: Signal;
  readonly host: HostControls;
  readonly caucus: Caucus;
  readonly lobby: LobbyControls;
  readonly chat: RoomChat;
  readonly documents: SharedDocument;
  readonly brief: SessionBrief;
  readonly recording: RecordingConsent;
  /** Automatic audio-only for our own camera when the uplink cannot carry video. */
  private readonly uplink: UplinkGuard;
  /** The server asks for the uplink guard (its UPLINK_GUARD; off on a loaded test machine). */
  private uplinkGuarded = true;
  /** What the server holds back from us on a weak downlink, in words. */
  private readonly downlink = new DownlinkNote((downlink) => this.setLocal({ downlink }));
  /** What the host holds of our media (hard mutes, the audio-only switch). */
  private readonly holds: HostHolds;
  private readonly media: MediaLink;
  private mediaSetup: MediaSetup | undefined;
  private resumeToken: string | undefined;
  private captured: Promise<LocalTracks> | undefined;
  private readonly warmUp: Promise<void>;

  constructor(private readonly opts: RoomClientOptions) {
    super();
    this.signal = opts.signal ?? new Signal(opts);
    this.media = new MediaLink({
      signal: this.signal,
      peers: this.peers,
      counters: this.counters,
      joined: () => this.state === 'joined',
      local: () => this.local,
      step: (name) => this.emit('step', name),
      mutedByHost: (source) => {
        this.holds.setHeld(source, true);
        this.emit('mutedByHost', source);
      },
      lost: (err) => this.transportLost(err),
      linkBack: () => {
        if (this.state === 'joined' || this.state === 'reconnecting') void this.signal.refresh().catch(() => undefined);
      },
    });
    this.uplink = new UplinkGuard(this.media, () => this.state === 'joined', (uplink) => this.setLocal({ uplink }));
    this.holds = new HostHolds(this.media, () => this.local, (fields) => this.setLocal(fields));
    this.listen();
    this.host = new HostControls(this);
    this.caucus = new Caucus(this);
    this.lobby = new LobbyControls(this);
    this.chat = new RoomChat(this, this.caucus);
    this.documents = new SharedDocument(this, this.caucus);
    this.recording = new RecordingConsent(this);
    this.brief = new SessionBrief(this);
    this.warmUp = warmUpWebRtc();
  }

  async join(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`cannot join from state ${this.state}`);
    this.setState('joining');
    this.emit('step', 'join');
    this.captured = captureLocal(this.opts.publish ?? { camera: true, microphone: true }).then((t) => {
      this.setLocal({ camera: t.camera, microphone: t.microphone, problems: t.problems });
      return t;
    });
    try {
      await this.signal.whenConnected();
      await this.seat(await this.signal.follow('join', { token: this.opts.token }));
      // leave() may have run meanwhile
      if ((this.state as RoomState) === 'joining') this.setState('joined');
    } catch (err) {
      this.fail(err);
      throw err;
    }
  }

  async leave(): Promise<void> {
    if (this.state === 'left') return;
    const wasSeated = this.state === 'joined' || this.state === 'reconnecting';
    this.setState('left');
    if (wasSeated) await this.signal.request('leave', {}).catch(() => undefined);
    this.uplink.stop();
    this.downlink.reset();
    this.media.teardown();
    this.local.camera?.stop();
    this.local.microphone?.stop();
    this.signal.close();
  }

  async setMicrophoneMuted(muted: boolean): Promise<void> {
    await this.media.setPaused('microphone', muted);
    this.setLocal({ microphoneMuted: muted });
  }

  async setCameraOff(off: boolean): Promise<void> {
    await this.media.setPaused('camera', off);
    this.setLocal({ cameraOff: off });
  }

  /** The size (CSS px × devicePixelRatio) a remote video is shown at: the server picks its layer. */
  setRenderedSize(consumerId: string, width: number, height: number): void {
    this.media.setRenderedSize(consumerId, width, height);
  }

  inboundStats(): Promise<InboundStats[]> {
    return this.media.inboundStats();
  }

  /** The raw getStats() of the send and receive transports (candidate pair RTT, available bitrate): the link-quality indicator. */
  transportStats(): Promise<RTCStatsReport[]> {
    return this.media.transportStats();
  }

  outboundStats(): Promise<OutboundStats[]> {
    return this.media.outboundStats();
  }

  private listen(): void {
    const { signal } = this;
    signal.socket.on('disconnect', () => {
      if (this.state === 'joined' && !this.signal.moving) this.setState('reconnecting');
    });
    signal.socket.on('connect', () => {
      if (this.state === 'reconnecting' && !this.signal.moving) void this.recover();
    });
    // the room's node is shutting down: back through the service's address, where `resume` finds the room's new node
    signal.on('roomMoving', () => void this.signal.goHome().catch(() => undefined)); // unreachable home: socket.io keeps trying it
    this.peers.listenTo(signal);
    signal.on('downlink', ({ mode, heldPeerIds, byHost }) => {
      this.holds.audioOnly(byHost);
      this.downlink.apply(mode, byHost);
      this.peers.setVideoHeld(heldPeerIds);
    });
    signal.on('newConsumer', (info) => void this.media.consume(info));
    signal.on('activeSpeaker', ({ peerId }) => {
      this.activeSpeaker = peerId;
      this.emit('activeSpeaker', peerId);
    });
    signal.on('hostMuted', ({ peerId, source, muted }) => {
      if (peerId === this.self?.peerId) this.holds.setHeld(source, muted);
    });
    signal.on('admitted', (view) => {
      if (this.admission !== 'waiting') return;
      this.applyView(view);
      this.setAdmission('admitted');
      this.startMedia().catch((err: unknown) => this.fail(err));
    });
    signal.on('returnedToLobby', () => {
      // the server closed our media; keep the camera and microphone for when we are admitted again
      this.media.teardown();
      this.setAdmission('waiting');
    });
    signal.on('sessionEnded', ({ reason }) => {
      if (reason === 'declined') this.setAdmission('declined');
      if (isSeatEnd(reason)) {
        // joined from another device or tab (this one steps aside), removed by the host, or the host ended the session
        this.endReason = { kind: 'seatEnded', reason };
        void this.leave();
      } else if (this.state === 'joined' || this.state === 'reconnecting') {
        this.setState('reconnecting');
        void this.rejoin();
      }
    });
  }

  private async seat(seat: ResponseData<'join'>): Promise<void> {
    this.emit('step', 'joined');
    this.applySeat(seat);
    this.downlink.reset(); // a new seat: the server holds nothing back yet
    this.peers.setVideoHeld([]);
    this.mediaSetup = { routerRtpCapabilities: seat.routerRtpCapabilities, iceServers: seat.iceServers };
    this.uplinkGuarded = seat.uplinkGuard;
    if (seat.admission === 'waiting') return; // media once the host admits (`admitted`)
    await this.startMedia();
  }

  /** Admitted: load the device, receive and send. */
  private async startMedia(): Promise<void> {
    await this.media.start(this.mediaSetup!, this.captured!);
    if (this.uplinkGuarded) this.uplink.start();
  }

  private applySeat(seat: Seat): void {
    this.self = { roomId: seat.roomId, peerId: seat.peerId, displayName: seat.displayName, role: seat.role };
    this.resumeToken = seat.resumeToken;
    this.emit('seat', seat);
    this.applyView(seat);
    this.setAdmission(seat.admission);
  }

  private applyView(view: RoomView): void {
    for (const p of view.peers) this.peers.upsertPeer(p);
    const me = this.self?.peerId;
    if (me) for (const source of ['microphone', 'camera'] as const) this.holds.setHeld(source, view.hostMutes.some((m) => m.peerId === me && m.source === source));
    this.emit('view', view);
  }

  /** The socket is back: re-bind to the kept seat, reconcile, restart ICE; or join afresh. */
  private async recover(attempt = 0): Promise<void> {
    try {
      const wasWaiting = this.admission === 'waiting';
      const seat = await this.signal.follow('resume', { resumeToken: this.resumeToken ?? '' });
      this.applySeat(seat);
      this.peers.replacePeers(seat.peers);
      if (seat.admission === 'waiting') {
        if (!wasWaiting) this.media.teardown(); // sent back to the lobby while away
        this.counters.resumes++;
        if (this.state === 'reconnecting') this.setState('joined');
        return;
      }
      if (wasWaiting) {
        // admitted while away: set media up now
        this.counters.resumes++;
        if (this.state === 'reconnecting') this.setState('joined');
        return this.startMedia().catch((err: unknown) => this.fail(err));
      }
      if (seat.media === 'new') {
        // the room moved to another node (its own died or is shutting down): media afresh there
        this.media.teardown();
        this.mediaSetup = { routerRtpCapabilities: seat.routerRtpCapabilities, iceServers: seat.iceServers };
        await this.startMedia();
      } else await this.media.reconcile(seat);
      this.counters.resumes++;
      if (this.state === 'reconnecting') this.setState('joined');
    } catch (err) {
      if (err instanceof SignalError && err.code === ErrorCode.SessionExpired) return this.rejoin();
      if (err instanceof SignalError && err.code === ErrorCode.Timeout && !this.signal.connected) return; // next connect retries
      // the room is between nodes (its node just died, the lease has not lapsed): ask again shortly
      if (err instanceof SignalError && MOVING.has(err.code) && attempt < REJOIN_ATTEMPTS) {
        await new Promise((r) => setTimeout(r, Math.min(4_000, 500 * 2 ** attempt)));
        if (this.state === 'reconnecting' && this.signal.connected) return this.recover(attempt + 1);
        return;
      }
      this.fail(err);
    }
  }

  /**
   * The seat is gone (grace over, room closed): join again with the same token and
   * tracks. A room that cannot open yet (its worker died and the replacement is
   * starting) or a server that does not answer is tried again, backing off.
   */
  private async rejoin(): Promise<void> {
    for (let attempt = 0; this.state === 'reconnecting'; attempt++) {
      this.media.teardown();
      try {
        await this.signal.whenConnected();
        await this.seat(await this.signal.follow('join', { token: this.opts.token }));
        this.counters.rejoins++;
        if (this.state === 'reconnecting') this.setState('joined');
        return;
      } catch (err) {
        const transient = err instanceof SignalError && (err.code === ErrorCode.RoomUnavailable || err.code === ErrorCode.Timeout);
        if (!transient || attempt >= REJOIN_ATTEMPTS) return this.fail(err);
        await new Promise((r) => setTimeout(r, Math.min(8_000, 500 * 2 ** attempt)));
      }
    }
  }

  /** The server no longer has the transport (it closes one whose DTLS failed): join afresh. */
  private transportLost(err: unknown): void {
    if (!(err instanceof SignalError && err.code === ErrorCode.NotFound) || this.state !== 'joined') return;
    this.setState('reconnecting');
    void this.rejoin();
  }

  private fail(err: unknown): void {
    if (this.state === 'left') return;
    this.endReason = { kind: 'refused', code: err instanceof SignalError ? err.code : ErrorCode.Internal };
    console.error('room client failed', err);
    this.media.teardown();
    this.setState('failed');
  }

  private setState(s: RoomState): void {
    if (this.state === s) return;
    this.state = s;
    this.emit('state', s);
  }

  private setAdmission(a: SeatAdmission): void {
    if (this.admission === a) return;
    this.admission = a;
    this.emit('admission', a);
  }

  private setLocal(fields: Partial<LocalMedia>): void {
    this.local = { ...this.local, ...fields };
    this.emit('local', this.local);
  }
}
