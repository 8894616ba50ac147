import { Device, type types } from 'mediasoup-client';
import { CHAT_JOIN_PAGE, ErrorCode, type ChatMessage, type ConsentAnswer, type ConsumerInfo, type DocShown, type HostMute, type IceServer, type MediaSource, type CaucusGroups, type RecordingStateInfo, type ResponseData, type Role, type RtpCapabilities, type WaitingPeer } from '@shuoshi/protocol';
import { Emitter } from './emitter';
import { CAMERA_CODEC_OPTIONS, CAMERA_ENCODINGS, MICROPHONE_CODEC_OPTIONS, captureLocal, type CaptureRequest, type LocalTracks } from './local-media';
import { RemotePeers, type RemotePeer } from './remote-peers';
import { Signal, SignalError, type SignalOptions } from './signal';
import { warmUpWebRtc } from './warm-up';
import { readInbound, readOutbound, type InboundStats, type OutboundStats } from './stats';

export type RoomState = 'idle' | 'joining' | 'joined' | 'reconnecting' | 'left' | 'failed';

export interface RoomClientOptions extends SignalOptions {
  /** The join token the server issued for this room and role. */
  token: string;
  /** What to send (and from which camera/microphone); an observer sends nothing. */
  publish?: CaptureRequest;
  signal?: Signal;
}

export interface SelfInfo {
  roomId: string;
  peerId: string;
  displayName: string;
  role: Role;
}

export interface LocalMedia extends LocalTracks {
  microphoneMuted: boolean;
  cameraOff: boolean;
}

type Seat = ResponseData<'join'> | ResponseData<'resume'>;
/** `waiting`: in the lobby until the host admits (`admitted`) or declines (`declined`, then the client leaves). */
export type Admission = 'waiting' | 'admitted' | 'declined';
/** Tries of a fresh join after the seat was lost (~30 s with the back-off). */
const REJOIN_ATTEMPTS = 6;
// protocol shapes are structural copies of mediasoup's types: one cast at this boundary
const ms = <T>(v: unknown) => v as T;

/**
 * The framework-free room client: joins with a token, sends camera and microphone,
 * receives everyone else, and survives a dropped signalling link (resume + ICE restart,
 * or a fresh join when the seat is gone). React hooks sit on top of its events.
 */
export class RoomClient extends Emitter<{
  state: [RoomState];
  peers: [RemotePeer[]];
  local: [LocalMedia];
  activeSpeaker: [string | null];
  /** The room's recording state (consent round, who is pending or declined). */
  recording: [RecordingStateInfo];
  /** This participant is asked to agree to be recorded (answer with giveConsent). */
  consentRequested: [{ requestedBy: string | null; recordCaucus: boolean }];
  admission: [Admission];
  lobby: [WaitingPeer[]];
  chat: [ChatMessage[]];
  document: [DocShown | null];
  host: [string | null];
  /** Caucus groups now (anyone not listed is in the plenary). */
  caucus: [CaucusGroups];
  locked: [boolean];
  /** Who has a hand raised. */
  hands: [ReadonlySet<string>];
  /** Host hard-mutes: `${peerId}:${source}` for each microphone or camera the host muted. */
  hostMutes: [ReadonlySet<string>];
}> {
  state: RoomState = 'idle';
  /** Why the client stopped ('failed' or 'left' by the server), as a protocol code. */
  endReason: string | undefined;
  self: SelfInfo | undefined;
  activeSpeaker: string | null = null;
  recording: RecordingStateInfo = { state: 'idle', pending: [], declined: [], agreed: [], recordCaucus: false };
  /** Set while this participant's answer is awaited. */
  consentRequest: { requestedBy: string | null; recordCaucus: boolean } | undefined;
  /** Whether this seat takes part or waits in the lobby (undefined before the first join ack). */
  admission: Admission | undefined;
  /** Who hosts the room (null: no host present yet: a waiting person is told so). */
  hostId: string | null = null;
  /** Who waits in the lobby: kept for a mediator (any of them may host). */
  lobby: WaitingPeer[] = [];
  /** This seat's group's chat, oldest first (the latest page; `loadEarlierChat` pages back). */
  chat: ChatMessage[] = [];
  /** Earlier messages than `chat` holds may exist (a full first page, or the server said so). */
  chatMore = false;
  /** The document shown to this seat's group now. */
  shownDocument: DocShown | null = null;
  /** The caucus groups (背对背) now; anyone not listed is in the plenary. */
  caucus: CaucusGroups = [];
  /** The host locked the room: nobody new may enter. */
  locked = false;
  /** Peers with a raised hand (seen since this page joined: the seat does not carry them). */
  hands: ReadonlySet<string> = new Set();
  /** `${peerId}:${source}` the host hard-muted (seen since this page joined, or refused as MUTED_BY_HOST). */
  hostMutes: ReadonlySet<string> = new Set();
  private mediaSetup: { routerRtpCapabilities: RtpCapabilities; iceServers: IceServer[] } | undefined;
  local: LocalMedia = { camera: undefined, microphone: undefined, microphoneMuted: false, cameraOff: false };
  readonly peers = new RemotePeers(() => this.emit('peers', this.peers.list));
  /** How often the link came back by resume, by a fresh join, and how many ICE restarts ran. */
  readonly counters = { resumes: 0, rejoins: 0, iceRestarts: 0 };
  /** performance.now() of the last join's steps (for the join benchmark's breakdown). */
  readonly marks: Record<string, number> = {};
  readonly signal: Signal;
  private device: Device | undefined;
  private sendTransport: types.Transport | undefined;
  private recvTransport: types.Transport | undefined;
  private readonly producers = new Map<MediaSource, types.Producer>();
  private readonly consuming = new Set<string>();
  private readonly sizes = new Map<string, string>();
  private resumeToken: string | undefined;
  private captured: Promise<LocalTracks> | undefined;
  private readonly warmUp: Promise<void>;

  constructor(private readonly opts: RoomClientOptions) {
    super();
    this.signal = opts.signal ?? new Signal(opts);
    this.listen();
    this.warmUp = warmUpWebRtc();
  }

  get sendTransportId(): string | undefined {
    return this.sendTransport?.id;
  }

  async join(): Promise<void> {
    if (this.state !== 'idle') throw new Error(`cannot join from state ${this.state}`);
    this.setState('joining');
    this.mark('join');
    const publish = this.opts.publish ?? { camera: true, microphone: true };
    this.captured = captureLocal(publish).then((t) => {
      this.setLocal({ camera: t.camera, microphone: t.microphone });
      return t;
    });
    try {
      await this.connected();
      await this.seat(await this.signal.request('join', { token: this.opts.token }));
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
    this.teardown();
    this.local.camera?.stop();
    this.local.microphone?.stop();
    this.signal.close();
  }

  async setMicrophoneMuted(muted: boolean): Promise<void> {
    await this.setPaused('microphone', muted);
    this.setLocal({ microphoneMuted: muted });
  }

  async setCameraOff(off: boolean): Promise<void> {
    await this.setPaused('camera', off);
    this.setLocal({ cameraOff: off });
  }

  // ---- recording with consent -------------------------------------------------

  /** Host: ask everyone for consent; recording starts when all agreed. */
  async startRecording(): Promise<RecordingStateInfo> {
    return this.setRecording(await this.signal.request('recording:start', {}));
  }

  /** Host: stop recording. */
  async stopRecording(): Promise<RecordingStateInfo> {
    return this.setRecording(await this.signal.request('recording:stop', {}));
  }

  /** Host, between rounds: record caucus groups too (default: not). */
  async setRecordCaucus(recordCaucus: boolean): Promise<RecordingStateInfo> {
    return this.setRecording(await this.signal.request('recording:policy', { recordCaucus }));
  }

  /** Answer the consent request; an operator may answer for a villager (`onBehalfOf`: their peer id). */
  async giveConsent(decision: ConsentAnswer, onBehalfOf?: string): Promise<RecordingStateInfo> {
    return this.setRecording(await this.signal.request('consent:give', onBehalfOf ? { decision, onBehalfOf } : { decision }));
  }

  /** Take back consent: the recording stops for everyone. */
  async withdrawConsent(): Promise<RecordingStateInfo> {
    return this.setRecording(await this.signal.request('consent:withdraw', {}));
  }

  /** The size (CSS px × devicePixelRatio) a remote video is shown at: the server picks its layer. */
  setRenderedSize(consumerId: string, width: number, height: number): void {
    const key = `${Math.round(width)}x${Math.round(height)}`;
    if (this.sizes.get(consumerId) === key || this.state !== 'joined') return;
    this.sizes.set(consumerId, key);
    this.signal.request('setRenderedSize', { consumerId, width: Math.round(width), height: Math.round(height) }).catch(() => this.sizes.delete(consumerId));
  }

  async inboundStats(): Promise<InboundStats[]> {
    return Promise.all(this.peers.tracks().map((t) => readInbound(t)));
  }

  /** The raw getStats() of the send and receive transports (candidate pair RTT, available bitrate): the link-quality indicator. */
  async transportStats(): Promise<RTCStatsReport[]> {
    const live = [this.sendTransport, this.recvTransport].filter((t): t is types.Transport => !!t && !t.closed);
    return Promise.all(live.map((t) => t.getStats()));
  }

  async outboundStats(): Promise<OutboundStats[]> {
    return (await Promise.all([...this.producers].map(([source, p]) => readOutbound(source, p)))).flat();
  }

  /** Test hook: drop the signalling socket (the page and its media stay); reconnect now or after a pause. */
  dropSocket(reconnectAfterMs?: number): void {
    const manager = this.signal.socket.io;
    if (reconnectAfterMs === undefined) {
      manager.engine?.close();
      return;
    }
    manager.reconnection(false);
    manager.engine?.close();
    setTimeout(() => {
      manager.reconnection(true);
      this.signal.socket.connect();
    }, reconnectAfterMs);
  }

  // ---- host controls and hands ------------------------------------------------

  async raiseHand(raised: boolean): Promise<void> {
    await this.signal.request('raiseHand', { raised });
    const me = this.self?.peerId;
    if (me) this.setHand(me, raised);
  }

  /** Host: hard-mute (or allow again) someone's microphone, or stop (allow) their camera. */
  async hostMute(peerId: string, source: MediaSource, muted: boolean): Promise<void> {
    await this.signal.request('host:mute', { peerId, source, muted });
    this.setHostMute(peerId, source, muted);
  }

  /** Host: end the session for everyone. */
  async endSession(): Promise<void> {
    await this.signal.request('host:end', {});
  }

  /** Host: hand the host role to a co-mediator. */
  async handOff(peerId: string): Promise<void> {
    await this.signal.request('host:handoff', { peerId });
  }

  /** Host: lock (nobody new may enter) or unlock the room. */
  async setLocked(locked: boolean): Promise<void> {
    await this.signal.request('host:lock', { locked });
    this.setLockedState(locked);
  }

  /** Host: replace the caucus plan (`[]` ends the caucus). */
  async setCaucus(groups: CaucusGroups): Promise<CaucusGroups> {
    const res = await this.signal.request('host:caucus:set', { groups });
    this.setCaucusGroups(res.groups);
    return res.groups;
  }

  /** Host: move someone (themself too) into a group that exists (its id), a new group (`{ label }`), or back to the plenary (`null`). */
  async moveTo(peerId: string, to: string | null | { label: string }): Promise<CaucusGroups> {
    const res = await this.signal.request('host:move', to !== null && typeof to === 'object' ? { peerId, label: to.label } : { peerId, groupId: to });
    this.setCaucusGroups(res.groups);
    return res.groups;
  }

  /** The caucus group a peer is in (null: the plenary). */
  groupOf(peerId: string): string | null {
    return this.caucus.find((g) => g.peerIds.includes(peerId))?.groupId ?? null;
  }

  /** The name the host gave a group (its id is the server's). */
  groupLabel(groupId: string): string {
    return this.caucus.find((g) => g.groupId === groupId)?.label ?? '';
  }

  // ---- seating -------------------------------------------------------------

  // ---- lobby, chat, documents ---------------------------------------------

  /** Host: let one waiting person in. */
  async admit(peerId: string): Promise<void> {
    await this.signal.request('host:admit', { peerId });
  }

  /** Host: let everyone waiting in; answers who was admitted. */
  async admitAll(): Promise<string[]> {
    return (await this.signal.request('host:admitAll', {})).peerIds;
  }

  /** Host: turn a waiting person away. */
  async decline(peerId: string): Promise<void> {
    await this.signal.request('host:decline', { peerId });
  }

  /** Host: remove a participant for good (`out`) or send them back to the lobby. */
  async removeParticipant(peerId: string, to: 'out' | 'lobby' = 'out'): Promise<void> {
    await this.signal.request('host:remove', { peerId, to });
  }

  /** Say something to this seat's caucus group (or the plenary). */
  async sendChat(text: string): Promise<ChatMessage> {
    const { message } = await this.signal.request('chat:send', { text });
    this.addChat(message);
    return message;
  }

  /** Reloads the latest page of the chat this seat may read (after a caucus move, say). */
  async loadChat(): Promise<ChatMessage[]> {
    const { messages, more } = await this.signal.request('chat:history', {});
    this.chat = messages;
    this.chatMore = more;
    this.emit('chat', this.chat);
    return messages;
  }

  /** Loads the page before the oldest message shown; answers how many came. */
  async loadEarlierChat(): Promise<number> {
    const oldest = this.chat[0];
    if (!oldest) return 0;
    const { messages, more } = await this.signal.request('chat:history', { before: oldest.messageId });
    this.chat = [...messages, ...this.chat.filter((m) => !messages.some((e) => e.messageId === m.messageId))];
    this.chatMore = more;
    this.emit('chat', this.chat);
    return messages.length;
  }

  /** Host or talk-room operator: show a case-file document to this seat's group. */
  async showDocument(documentId: string): Promise<void> {
    await this.signal.request('doc:show', { documentId });
  }

  async hideDocument(): Promise<void> {
    await this.signal.request('doc:hide', {});
  }

  private async seat(seat: ResponseData<'join'>): Promise<void> {
    this.mark('joined');
    this.applySeat(seat);
    this.mediaSetup = { routerRtpCapabilities: seat.routerRtpCapabilities, iceServers: seat.iceServers };
    if (seat.admission === 'waiting') return; // media once the host admits (`admitted`)
    await this.startMedia();
  }

  /** Admitted: load the device, receive and send. */
  private async startMedia(): Promise<void> {
    const seat = this.mediaSetup!;
    const device = new Device();
    // the server makes the receive transport while the device loads (~80 ms in Chromium)
    const recvInfo = this.signal.request('createTransport', { direction: 'recv' });
    recvInfo.catch(() => undefined);
    await device.load({ routerRtpCapabilities: ms<types.RtpCapabilities>(seat.routerRtpCapabilities) });
    this.device = device;
    this.mark('deviceLoaded');
    await Promise.all([this.startReceiving(await recvInfo, seat.iceServers), this.startSending(seat.iceServers)]);
  }

  private applySeat(seat: Seat): void {
    this.self = { roomId: seat.roomId, peerId: seat.peerId, displayName: seat.displayName, role: seat.role };
    this.resumeToken = seat.resumeToken;
    this.setLobby(seat.lobby);
    this.applyView(seat);
    this.setAdmission(seat.admission);
  }

  private applyView(view: { peers: Seat['peers']; hostId: string | null; chat: ChatMessage[]; shownDocument: DocShown | null; caucus: CaucusGroups; locked: boolean; hands: string[]; hostMutes: HostMute[] }): void {
    for (const p of view.peers) this.peers.upsertPeer(p);
    // raised hands and host mutes as they are now (a reload, or admitted after they changed)
    this.hands = new Set(view.hands);
    this.emit('hands', this.hands);
    this.hostMutes = new Set(view.hostMutes.map((m) => `${m.peerId}:${m.source}`));
    this.emit('hostMutes', this.hostMutes);
    this.setCaucusGroups(view.caucus);
    this.setLockedState(view.locked);
    this.setHost(view.hostId);
    this.chat = view.chat;
    this.chatMore = view.chat.length >= CHAT_JOIN_PAGE;
    this.emit('chat', this.chat);
    this.shownDocument = view.shownDocument;
    this.emit('document', this.shownDocument);
  }

  private setAdmission(a: Admission): void {
    if (this.admission === a) return;
    this.admission = a;
    this.emit('admission', a);
  }

  private setLobby(waiting: WaitingPeer[]): void {
    this.lobby = waiting;
    this.emit('lobby', waiting);
  }

  private setHost(hostId: string | null): void {
    this.hostId = hostId;
    this.emit('host', hostId);
  }

  private setCaucusGroups(groups: CaucusGroups): void {
    this.caucus = groups;
    this.emit('caucus', groups);
  }

  private setLockedState(locked: boolean): void {
    if (this.locked === locked) return;
    this.locked = locked;
    this.emit('locked', locked);
  }

  private setHand(peerId: string, raised: boolean): void {
    const next = new Set(this.hands);
    if (raised) next.add(peerId);
    else next.delete(peerId);
    this.hands = next;
    this.emit('hands', next);
  }

  private setHostMute(peerId: string, source: MediaSource, muted: boolean): void {
    const key = `${peerId}:${source}`;
    if (this.hostMutes.has(key) === muted) return;
    const next = new Set(this.hostMutes);
    if (muted) next.add(key);
    else next.delete(key);
    this.hostMutes = next;
    this.emit('hostMutes', next);
  }

  private addChat(m: ChatMessage): void {
    if (this.chat.some((c) => c.messageId === m.messageId)) return;
    this.chat = [...this.chat, m];
    this.emit('chat', this.chat);
  }

  private async startReceiving(info: ResponseData<'createTransport'>, iceServers: IceServer[]): Promise<void> {
    this.recvTransport = this.device!.createRecvTransport({ ...ms<types.TransportOptions>(info), id: info.transportId, iceServers });
    this.wireTransport(this.recvTransport);
    this.recvTransport.on('connectionstatechange', (s) => s === 'connected' && this.mark('recvConnected'));
    this.mark('recvTransport');
    const { consumers } = await this.signal.request('ready', { rtpCapabilities: ms(this.device!.recvRtpCapabilities) });
    this.mark('ready');
    await Promise.all(consumers.map((c) => this.consume(c)));
    this.mark('consumersResumed');
  }

  private async startSending(iceServers: IceServer[]): Promise<void> {
    const tracks = await this.captured!;
    if (!tracks.camera && !tracks.microphone) return;
    const info = await this.signal.request('createTransport', { direction: 'send' });
    const transport = this.device!.createSendTransport({ ...ms<types.TransportOptions>(info), id: info.transportId, iceServers });
    this.sendTransport = transport;
    this.wireTransport(transport);
    transport.on('produce', ({ kind, rtpParameters, appData }, done, fail) => {
      const source = appData.source as MediaSource;
      this.signal
        .request('produce', {
          transportId: transport.id,
          kind,
          source,
          rtpParameters: ms(rtpParameters),
          sourceHeight: source === 'camera' ? (tracks.camera?.getSettings().height ?? 480) : undefined,
        })
        .then(({ producerId }) => done({ id: producerId }), fail);
    });
    const jobs: Array<Promise<unknown>> = [];
    if (tracks.microphone) jobs.push(this.produce('microphone', tracks.microphone));
    if (tracks.camera) jobs.push(this.produce('camera', tracks.camera));
    await Promise.all(jobs);
  }

  private async produce(source: MediaSource, track: MediaStreamTrack): Promise<void> {
    const t = this.sendTransport!;
    const vp8 = this.device!.sendRtpCapabilities.codecs?.find((c) => c.mimeType.toLowerCase() === 'video/vp8');
    const producer =
      source === 'camera'
        ? await t.produce({ track, encodings: CAMERA_ENCODINGS, codecOptions: CAMERA_CODEC_OPTIONS, codec: vp8, stopTracks: false, zeroRtpOnPause: true, appData: { source } })
        : await t.produce({ track, codecOptions: MICROPHONE_CODEC_OPTIONS, stopTracks: false, zeroRtpOnPause: true, appData: { source } });
    this.producers.set(source, producer);
    const muted = source === 'camera' ? this.local.cameraOff : this.local.microphoneMuted;
    if (muted) await this.setPaused(source, true);
  }

  private async consume(info: ConsumerInfo): Promise<void> {
    const transport = this.recvTransport;
    if (!transport || this.consuming.has(info.consumerId) || this.peers.hasConsumer(info.consumerId)) {
      this.peers.setMuted(info.consumerId, info.producerPaused);
      return;
    }
    this.consuming.add(info.consumerId);
    try {
      const consumer = await transport.consume({
        id: info.consumerId,
        producerId: info.producerId,
        kind: info.kind,
        rtpParameters: ms<types.RtpParameters>(info.rtpParameters),
      });
      this.peers.addConsumer(info.peerId, {
        consumerId: info.consumerId,
        producerId: info.producerId,
        source: info.source,
        track: consumer.track,
        muted: info.producerPaused,
        consumer,
      });
      await this.signal.request('resumeConsumer', { consumerId: info.consumerId });
    } catch (err) {
      console.warn('consume failed', info.consumerId, err);
    } finally {
      this.consuming.delete(info.consumerId);
    }
  }

  private async setPaused(source: MediaSource, paused: boolean): Promise<void> {
    const producer = this.producers.get(source);
    if (!producer) return;
    if (paused) producer.pause();
    else producer.resume();
    try {
      await this.signal.request(paused ? 'pauseProducer' : 'resumeProducer', { producerId: producer.id });
    } catch (err) {
      if (err instanceof SignalError && err.code === ErrorCode.MutedByHost) {
        producer.pause();
        if (this.self) this.setHostMute(this.self.peerId, source, true);
        throw err;
      }
      // offline: the local track is already (un)muted; the resume after reconnecting tells the server
      if (!(err instanceof SignalError && err.code === ErrorCode.Timeout)) throw err;
    }
  }

  /** After a resume: make the server's pause state of our producers match what the user chose meanwhile. */
  private async syncPauses(onServer: Array<{ producerId: string; paused: boolean }>): Promise<void> {
    const jobs: Array<Promise<unknown>> = [];
    for (const [, producer] of this.producers) {
      const server = onServer.find((p) => p.producerId === producer.id);
      if (server && server.paused !== producer.paused) {
        jobs.push(this.signal.request(producer.paused ? 'pauseProducer' : 'resumeProducer', { producerId: producer.id }));
      }
    }
    await Promise.all(jobs);
  }

  // ---- link loss -------------------------------------------------------------

  private listen(): void {
    const { signal } = this;
    signal.socket.on('disconnect', () => {
      if (this.state === 'joined') this.setState('reconnecting');
    });
    signal.socket.on('connect', () => {
      if (this.state === 'reconnecting') void this.recover();
    });
    signal.on('peerJoined', ({ peer }) => this.peers.upsertPeer(peer));
    signal.on('peerLeft', ({ peerId }) => this.peers.removePeer(peerId));
    signal.on('peerConnection', ({ peerId, state }) => this.peers.setConnection(peerId, state));
    signal.on('newConsumer', (info) => void this.consume(info));
    signal.on('consumerClosed', ({ consumerId }) => this.peers.removeConsumer(consumerId));
    signal.on('consumerPaused', ({ consumerId }) => this.peers.setMuted(consumerId, true));
    signal.on('consumerResumed', ({ consumerId }) => this.peers.setMuted(consumerId, false));
    signal.on('activeSpeaker', ({ peerId }) => {
      this.activeSpeaker = peerId;
      this.emit('activeSpeaker', peerId);
    });
    signal.on('recordingState', (info) => this.setRecording(info));
    signal.on('consentRequested', (req) => {
      this.consentRequest = req;
      this.emit('consentRequested', req);
    });
    signal.on('hostChanged', ({ peerId }) => this.setHost(peerId));
    signal.on('handRaised', ({ peerId, raised }) => this.setHand(peerId, raised));
    signal.on('roomLocked', ({ locked }) => this.setLockedState(locked));
    signal.on('hostMuted', ({ peerId, source, muted }) => {
      this.setHostMute(peerId, source, muted);
      // the server paused our track (and drops what we send): show it as muted here too; the
      // local producer is left as it is, so whatever resumes it on the server is heard at once
      if (peerId === this.self?.peerId && muted) this.setLocal(source === 'camera' ? { cameraOff: true } : { microphoneMuted: true });
    });
    signal.on('lobbyChanged', ({ waiting }) => this.setLobby(waiting));
    signal.on('chat', (m) => this.addChat(m));
    signal.on('caucusChanged', ({ groups }) => {
      const before = this.groupOf(this.self?.peerId ?? '');
      this.setCaucusGroups(groups);
      const mine = groups.find((g) => g.peerIds.includes(this.self?.peerId ?? ''))?.groupId ?? null;
      // a new group reads a different chat
      if (this.admission === 'admitted' && mine !== before) void this.loadChat().catch(() => undefined);
      // moved out of the group a document was shown in: it is no longer ours to see (a `docShown` of the new group follows)
      if (this.shownDocument && this.shownDocument.groupId !== mine) {
        this.shownDocument = null;
        this.emit('document', null);
      }
    });
    signal.on('docShown', (doc) => {
      this.shownDocument = doc;
      this.emit('document', doc);
    });
    signal.on('docHidden', ({ documentId }) => {
      if (this.shownDocument?.documentId !== documentId) return;
      this.shownDocument = null;
      this.emit('document', null);
    });
    signal.on('admitted', (view) => {
      if (this.admission !== 'waiting') return;
      this.applyView(view);
      this.setAdmission('admitted');
      this.startMedia().catch((err: unknown) => this.fail(err));
    });
    signal.on('returnedToLobby', () => {
      // the server closed our media; keep the camera and microphone for when we are admitted again
      this.teardown();
      this.chat = [];
      this.emit('chat', this.chat);
      this.setAdmission('waiting');
    });
    signal.on('sessionEnded', ({ reason }) => {
      if (reason === 'declined') this.setAdmission('declined');
      if (reason === 'replaced' || reason === 'removed' || reason === 'ended' || reason === 'declined') {
        // joined from another device or tab (this one steps aside), removed by the host, or the host ended the session
        this.endReason = reason;
        void this.leave();
      } else if (this.state === 'joined' || this.state === 'reconnecting') {
        this.setState('reconnecting');
        void this.rejoin();
      }
    });
  }

  /** The socket is back: re-bind to the kept seat, reconcile, restart ICE; or join afresh. */
  private async recover(): Promise<void> {
    try {
      const wasWaiting = this.admission === 'waiting';
      const seat = await this.signal.request('resume', { resumeToken: this.resumeToken ?? '' });
      this.applySeat(seat);
      this.peers.replacePeers(seat.peers);
      if (seat.admission === 'waiting') {
        if (!wasWaiting) this.teardown(); // sent back to the lobby while away
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
      const onServer = new Set(seat.consumers.map((c) => c.consumerId));
      for (const id of this.peers.consumerIds()) if (!onServer.has(id)) this.peers.removeConsumer(id);
      await Promise.all([
        ...seat.consumers.map((c) => this.consume(c)),
        this.syncPauses(seat.producers),
        this.restartIce(this.sendTransport),
        this.restartIce(this.recvTransport),
      ]);
      this.counters.resumes++;
      if (this.state === 'reconnecting') this.setState('joined');
    } catch (err) {
      if (err instanceof SignalError && err.code === ErrorCode.SessionExpired) return this.rejoin();
      if (err instanceof SignalError && err.code === ErrorCode.Timeout && !this.signal.connected) return; // next connect retries
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
      this.teardown();
      try {
        await this.connected();
        await this.seat(await this.signal.request('join', { token: this.opts.token }));
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

  private async restartIce(transport: types.Transport | undefined): Promise<void> {
    if (!transport || transport.closed) return;
    const { iceParameters } = await this.signal.request('restartIce', { transportId: transport.id });
    await transport.restartIce({ iceParameters: ms<types.IceParameters>(iceParameters) });
    this.counters.iceRestarts++;
  }

  private wireTransport(transport: types.Transport): void {
    transport.on('connect', ({ dtlsParameters }, done, fail) => {
      this.signal.request('connectTransport', { transportId: transport.id, dtlsParameters: ms(dtlsParameters) }).then(done, fail);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    transport.on('connectionstatechange', (s) => {
      clearTimeout(timer);
      // a network change: new ICE credentials once signalling is up (a dropped socket restarts ICE on resume)
      if ((s === 'failed' || s === 'disconnected') && this.state === 'joined') {
        timer = setTimeout(() => void this.restartIce(transport).catch((err: unknown) => this.transportLost(err)), s === 'failed' ? 0 : 2_000);
      }
    });
  }

  /** The server no longer has the transport (it closes one whose DTLS failed): join afresh. */
  private transportLost(err: unknown): void {
    if (!(err instanceof SignalError && err.code === ErrorCode.NotFound) || this.state !== 'joined') return;
    this.setState('reconnecting');
    void this.rejoin();
  }

  private teardown(): void {
    this.peers.clear();
    for (const p of this.producers.values()) p.close();
    this.producers.clear();
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.sendTransport = this.recvTransport = undefined;
    this.sizes.clear();
  }

  private connected(): Promise<void> {
    if (this.signal.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new SignalError(ErrorCode.Timeout, 'cannot reach the server', 'connect')), 15_000);
      this.signal.socket.once('connect', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private fail(err: unknown): void {
    if (this.state === 'left') return;
    this.endReason = err instanceof SignalError ? err.code : 'INTERNAL';
    console.error('room client failed', err);
    this.teardown();
    this.setState('failed');
  }

  private mark(step: string): void {
    this.marks[step] = performance.now();
  }

  private setState(s: RoomState): void {
    if (this.state === s) return;
    this.state = s;
    this.emit('state', s);
  }

  private setRecording(info: RecordingStateInfo): RecordingStateInfo {
    this.recording = info;
    const me = this.self?.peerId;
    if (this.consentRequest && me && !info.pending.includes(me)) this.consentRequest = undefined;
    this.emit('recording', info);
    return info;
  }

  private setLocal(fields: Partial<LocalMedia>): void {
    this.local = { ...this.local, ...fields };
    this.emit('local', this.local);
  }
}
