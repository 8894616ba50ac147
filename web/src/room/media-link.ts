import { Device, type types } from 'mediasoup-client';
import { ErrorCode, type ConsumerInfo, type IceServer, type MediaSource, type ResponseData, type RtpCapabilities } from '@shuoshi/protocol';
import type { LocalMedia } from './core';
import { CAMERA_CODEC_OPTIONS, CAMERA_ENCODINGS, MICROPHONE_CODEC_OPTIONS, type LocalTracks } from './local-media';
import type { RemotePeers } from './remote-peers';
import { SignalError, type Signal } from './signal';
import { readInbound, readOutbound, type InboundStats, type OutboundStats } from './stats';

// protocol shapes are structural copies of mediasoup's types: one cast at this boundary
const ms = <T>(v: unknown) => v as T;

/** What the server gave the seat for media: the router's codecs and the ICE servers. */
export interface MediaSetup {
  routerRtpCapabilities: RtpCapabilities;
  iceServers: IceServer[];
}

/** What the media link needs of the connection that owns it. */
export interface MediaLinkHost {
  readonly signal: Signal;
  readonly peers: RemotePeers;
  readonly counters: { iceRestarts: number };
  /** Whether the seat is joined now (layer choices and ICE restarts wait otherwise). */
  joined(): boolean;
  /** The mutes the user chose (a new producer starts paused if muted). */
  local(): LocalMedia;
  /** A step of joining happened. */
  step(name: string): void;
  /** Our own track was refused a resume: the host muted it. */
  mutedByHost(source: MediaSource): void;
  /**
   * Our media got through again after the browser had given up on the path (a long outage):
   * the link is back, while the signalling socket may still be a dead or backing-off TCP connection.
   */
  linkBack(): void;
  /** ICE could not be restarted (the server closed the transport): join afresh. */
  lost(err: unknown): void;
}

/**
 * The seat's media: the mediasoup device, the send and receive transports, our producers
 * and the consumers of everyone else; ICE restarts and reconciling after a resume.
 */
export class MediaLink {
  private device: Device | undefined;
  private sendTransport: types.Transport | undefined;
  private recvTransport: types.Transport | undefined;
  private readonly producers = new Map<MediaSource, types.Producer>();
  private readonly consuming = new Set<string>();
  private readonly sizes = new Map<string, string>();
  /** The server's ICE credentials of each transport, as last given (creation, or a restart's answer). */
  private readonly serverIce = new WeakMap<types.Transport, types.IceParameters>();
  /** Transports whose ICE restart loop runs (one loop each). */
  private readonly restarting = new Set<types.Transport>();

  constructor(private readonly host: MediaLinkHost) {}

  /** Admitted: load the device, receive and send. */
  async start(setup: MediaSetup, tracks: Promise<LocalTracks>): Promise<void> {
    const { signal } = this.host;
    const device = new Device();
    // the server makes the receive transport while the device loads (~80 ms in Chromium)
    const recvInfo = signal.request('createTransport', { direction: 'recv' });
    recvInfo.catch(() => undefined);
    await device.load({ routerRtpCapabilities: ms<types.RtpCapabilities>(setup.routerRtpCapabilities) });
    this.device = device;
    this.host.step('deviceLoaded');
    await Promise.all([this.startReceiving(await recvInfo, setup.iceServers), this.startSending(tracks, setup.iceServers)]);
  }

  /** After a resume: drop consumers the server no longer has, consume new ones, re-sync pauses, restart ICE. */
  async reconcile(seat: ResponseData<'resume'>): Promise<void> {
    const { peers } = this.host;
    const onServer = new Set(seat.consumers.map((c) => c.consumerId));
    for (const id of peers.consumerIds()) if (!onServer.has(id)) peers.removeConsumer(id);
    await Promise.all([
      ...seat.consumers.map((c) => this.consume(c)),
      this.syncPauses(seat.producers),
      // a transport that came back by itself (restartHere) keeps its path: restarting it again would cut it
      ...[this.sendTransport, this.recvTransport].filter((t) => t?.connectionState !== 'connected').map((t) => this.restartIce(t)),
    ]);
  }

  async consume(info: ConsumerInfo): Promise<void> {
    const { peers } = this.host;
    const transport = this.recvTransport;
    if (!transport || this.consuming.has(info.consumerId) || peers.hasConsumer(info.consumerId)) {
      peers.setMuted(info.consumerId, info.producerPaused);
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
      peers.addConsumer(info.peerId, { consumerId: info.consumerId, producerId: info.producerId, source: info.source, track: consumer.track, muted: info.producerPaused, consumer });
      await this.host.signal.request('resumeConsumer', { consumerId: info.consumerId });
    } catch (err) {
      console.warn('consume failed', info.consumerId, err);
    } finally {
      this.consuming.delete(info.consumerId);
    }
  }

  /** Pause or resume our own track here and on the server (offline: the resume after reconnecting tells it). */
  async setPaused(source: MediaSource, paused: boolean): Promise<void> {
    const producer = this.producers.get(source);
    if (!producer) return;
    if (paused) producer.pause();
    else producer.resume();
    try {
      await this.host.signal.request(paused ? 'pauseProducer' : 'resumeProducer', { producerId: producer.id });
    } catch (err) {
      if (err instanceof SignalError && err.code === ErrorCode.MutedByHost) {
        producer.pause();
        this.host.mutedByHost(source);
        throw err;
      }
      // offline: the local track is already (un)muted; the resume after reconnecting tells the server
      if (!(err instanceof SignalError && err.code === ErrorCode.Timeout)) throw err;
    }
  }

  hasCamera(): boolean {
    const p = this.producers.get('camera');
    return !!p && !p.closed;
  }

  /**
   * Our uplink as the browser measures it: the loss the SFU reports back (the audio's,
   * always flowing; else the worst) and the send transport's bandwidth estimate.
   */
  async uplinkSample(): Promise<{ loss: number | undefined; availableKbps: number | undefined }> {
    if (!this.sendTransport || this.sendTransport.closed) return { loss: undefined, availableKbps: undefined };
    let audioLoss: number | undefined;
    let worst: number | undefined;
    let availableKbps: number | undefined;
    (await this.sendTransport.getStats()).forEach((s: Record<string, unknown> & { type: string }) => {
      if (s.type === 'remote-inbound-rtp' && typeof s.fractionLost === 'number') {
        if (s.kind === 'audio') audioLoss = s.fractionLost;
        worst = Math.max(worst ?? 0, s.fractionLost);
      }
      if (s.type === 'candidate-pair' && s.nominated && typeof s.availableOutgoingBitrate === 'number') availableKbps = s.availableOutgoingBitrate / 1000;
    });
    return { loss: audioLoss ?? worst, availableKbps };
  }

  /** The uplink guard's verdict: pause the camera's producer (not close it), or send it up to `maxLayer`. */
  async applyUplink(d: { kind: 'audioOnly' } | { kind: 'video'; maxLayer: number }): Promise<void> {
    const producer = this.producers.get('camera');
    if (!producer || producer.closed) return;
    if (d.kind === 'audioOnly') {
      if (!producer.paused) await this.setPaused('camera', true);
      return;
    }
    await producer.setMaxSpatialLayer(d.maxLayer);
    const local = this.host.local();
    if (producer.paused && !local.cameraOff && !local.heldByHost.camera) await this.setPaused('camera', false);
  }

  /** The size (CSS px × devicePixelRatio) a remote video is shown at: the server picks its layer. */
  setRenderedSize(consumerId: string, width: number, height: number): void {
    const key = `${Math.round(width)}x${Math.round(height)}`;
    if (this.sizes.get(consumerId) === key || !this.host.joined()) return;
    this.sizes.set(consumerId, key);
    this.host.signal.request('setRenderedSize', { consumerId, width: Math.round(width), height: Math.round(height) }).catch(() => this.sizes.delete(consumerId));
  }

  async inboundStats(): Promise<InboundStats[]> {
    return Promise.all(this.host.peers.tracks().map((t) => readInbound(t)));
  }

  /** The raw getStats() of the send and receive transports (candidate pair RTT, available bitrate). */
  async transportStats(): Promise<RTCStatsReport[]> {
    const live = [this.sendTransport, this.recvTransport].filter((t): t is types.Transport => !!t && !t.closed);
    return Promise.all(live.map((t) => t.getStats()));
  }

  async outboundStats(): Promise<OutboundStats[]> {
    return (await Promise.all([...this.producers].map(([source, p]) => readOutbound(source, p)))).flat();
  }

  /** Close everything (the camera and microphone tracks stay open). */
  teardown(): void {
    this.host.peers.clear();
    for (const p of this.producers.values()) p.close();
    this.producers.clear();
    this.sendTransport?.close();
    this.recvTransport?.close();
    this.sendTransport = this.recvTransport = undefined;
    this.sizes.clear();
  }

  private async startReceiving(info: ResponseData<'createTransport'>, iceServers: IceServer[]): Promise<void> {
    const { signal, step } = this.host;
    this.recvTransport = this.device!.createRecvTransport({ ...ms<types.TransportOptions>(info), id: info.transportId, iceServers });
    this.serverIce.set(this.recvTransport, ms<types.IceParameters>(info.iceParameters));
    this.wire(this.recvTransport);
    this.recvTransport.on('connectionstatechange', (s) => s === 'connected' && step('recvConnected'));
    step('recvTransport');
    const { consumers } = await signal.request('ready', { rtpCapabilities: ms(this.device!.recvRtpCapabilities) });
    step('ready');
    await Promise.all(consumers.map((c) => this.consume(c)));
    step('consumersResumed');
  }

  private async startSending(captured: Promise<LocalTracks>, iceServers: IceServer[]): Promise<void> {
    const { signal } = this.host;
    const tracks = await captured;
    if (!tracks.camera && !tracks.microphone) return;
    const info = await signal.request('createTransport', { direction: 'send' });
    const transport = this.device!.createSendTransport({ ...ms<types.TransportOptions>(info), id: info.transportId, iceServers });
    this.sendTransport = transport;
    this.serverIce.set(transport, ms<types.IceParameters>(info.iceParameters));
    this.wire(transport);
    transport.on('produce', ({ kind, rtpParameters, appData }, done, fail) => {
      const source = appData.source as MediaSource;
      const sourceHeight = source === 'camera' ? (tracks.camera?.getSettings().height ?? 480) : undefined;
      signal.request('produce', { transportId: transport.id, kind, source, rtpParameters: ms(rtpParameters), sourceHeight }).then(({ producerId }) => done({ id: producerId }), fail);
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
    const local = this.host.local();
    if (source === 'camera' ? local.cameraOff : local.microphoneMuted) await this.setPaused(source, true);
  }

  /** After a resume: make the server's pause state of our producers match what the user chose meanwhile. */
  private async syncPauses(onServer: Array<{ producerId: string; paused: boolean }>): Promise<void> {
    const jobs: Array<Promise<unknown>> = [];
    for (const [, producer] of this.producers) {
      const server = onServer.find((p) => p.producerId === producer.id);
      if (server && server.paused !== producer.paused) {
        jobs.push(this.host.signal.request(producer.paused ? 'pauseProducer' : 'resumeProducer', { producerId: producer.id }));
      }
    }
    await Promise.all(jobs);
  }

  private async restartIce(transport: types.Transport | undefined): Promise<void> {
    if (!transport || transport.closed) return;
    const { iceParameters } = await this.host.signal.request('restartIce', { transportId: transport.id });
    this.serverIce.set(transport, ms<types.IceParameters>(iceParameters));
    await transport.restartIce({ iceParameters: ms<types.IceParameters>(iceParameters) });
    this.host.counters.iceRestarts++;
  }

  private wire(transport: types.Transport): void {
    transport.on('connect', ({ dtlsParameters }, done, fail) => {
      this.host.signal.request('connectTransport', { transportId: transport.id, dtlsParameters: ms(dtlsParameters) }).then(done, fail);
    });
    let timer: ReturnType<typeof setTimeout> | undefined;
    let failed = false;
    transport.on('connectionstatechange', (s) => {
      clearTimeout(timer);
      if (s === 'failed') failed = true;
      if (s === 'connected' && failed) {
        failed = false;
        // our sending path is back before the receiving one: it needs the server, reached by a fresh socket
        const other = transport === this.sendTransport ? this.recvTransport : this.sendTransport;
        if (other && other.connectionState !== 'connected') this.host.linkBack();
      }
      // a network change: new ICE credentials once signalling is up (a dropped socket restarts ICE on resume)
      if (s === 'failed' && this.host.joined()) void this.restartHere(transport);
      if ((s === 'failed' || s === 'disconnected') && this.host.joined()) {
        timer = setTimeout(() => void this.restartUntilUp(transport), s === 'failed' ? 0 : 2_000);
      }
    });
  }

  /**
   * The browser gave up on the path (ICE failed: after ~15 s without an answer, Chrome stops
   * checking it): start new checks at once with the server's credentials we already hold.
   * The server is ICE-lite and checks only its own credentials, so when the link returns these
   * checks succeed and media flows again without waiting for signalling, whose TCP connection
   * may still be backing off from the outage for seconds. Only the sending side can do this
   * (a receiving connection answers the server's offer and cannot restart on its own).
   */
  private async restartHere(transport: types.Transport): Promise<void> {
    const known = this.serverIce.get(transport);
    if (!known || transport.direction !== 'send' || transport.closed) return;
    await transport.restartIce({ iceParameters: known }).catch((err: unknown) => console.warn('local ICE restart failed', err));
  }

  /**
   * Restarts ICE, and again while the transport stays down (1, 2, 4, then every 5 s apart):
   * during an outage the restart request itself times out, and waiting for the socket to
   * time out instead left a village link without media for far longer than the outage.
   * A transport the server no longer has (NOT_FOUND) ends the loop: the client joins afresh.
   */
  private async restartUntilUp(transport: types.Transport): Promise<void> {
    if (this.restarting.has(transport)) return;
    this.restarting.add(transport);
    const down = () => !transport.closed && this.host.joined() && (transport.connectionState === 'failed' || transport.connectionState === 'disconnected');
    try {
      for (let attempt = 0; down(); attempt++) {
        const started = Date.now();
        try {
          await this.restartIce(transport);
        } catch (err) {
          this.host.lost(err); // NOT_FOUND: a fresh join; anything else (a timeout): try again
          if (err instanceof SignalError && err.code === ErrorCode.NotFound) return;
        }
        // a request that timed out waited long enough: send the next at once, so that one is
        // always under way when the link returns (the server answers the stale ones first, in order)
        const wait = Math.min(5_000, 1_000 * 2 ** attempt) - (Date.now() - started);
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      }
    } finally {
      this.restarting.delete(transport);
    }
  }
}
