import { SessionDescription } from '@livekit/protocol';
import type { ConsumerInfo, TransportInfo } from '@shuoshi/protocol';
import { consumerInfo, type Peer } from '../rooms/peer';
import type { Room } from '../rooms/room';
import { participantSid } from './participants';
import { SubscriberOffers } from './sdp/subscriber';
import type { TrackSids } from './track-sids';

export interface SubscribingLink {
  room: Room;
  peer: Peer;
  sids: TrackSids;
  /** Sends the subscriber PeerConnection an offer. */
  sendOffer(sd: SessionDescription): void;
  /** Tells the client about the publisher of a track before its media arrives (livekit-client needs the participant first). */
  announce(peerId: string): void;
  log: Peer['log'];
}

/**
 * The subscriber PeerConnection of one LiveKit participant on its mediasoup receive
 * transport: the server offers, the browser answers. Every consumer the room gives the
 * seat (our MediaWiring decides which: caucus groups, lobby) gets an m-section; one
 * negotiation at a time, changes meanwhile go into the next offer; consumers are resumed
 * once the browser's answer carried them (mediasoup makes them paused).
 */
export class Subscribing {
  private transport: TransportInfo | undefined;
  private offers: SubscriberOffers | undefined;
  private connected = false;
  private pending: number | undefined;
  private again = false;
  private offerId = 0;
  /** Consumers in the offer now awaiting its answer. */
  private inFlight: string[] = [];
  private readonly resumed = new Set<string>();
  private ready = false;

  constructor(private readonly l: SubscribingLink) {}

  /**
   * Makes the receive transport and offers it: with every consumer the seat may have
   * (one offer, not two), or with nothing but the probe section while it waits.
   */
  async start(admitted: boolean): Promise<void> {
    const { room, peer } = this.l;
    this.offers = new SubscriberOffers(room.media.routerRtpCapabilities);
    this.transport = await room.wiring.createTransport(peer, 'recv');
    if (admitted) await this.subscribeAll();
    else this.negotiate();
  }

  /** The seat may receive: consume every producer it may hear (paused), then offer them. */
  async subscribeAll(): Promise<void> {
    if (this.ready || !this.transport) return;
    this.ready = true;
    const consumers = await this.l.room.wiring.ready(this.l.peer, this.l.room.media.routerRtpCapabilities);
    for (const c of consumers) this.addConsumer(c, false);
    this.negotiate();
  }

  /** A consumer the room made for this seat (newConsumer). */
  addConsumer(c: ConsumerInfo, renegotiate = true): void {
    if (!this.offers) return;
    const owner = this.l.room.peers.get(c.peerId);
    if (!owner) return;
    const sid = this.l.sids.sidOf(c.producerId);
    this.l.announce(c.peerId);
    this.offers.add({ consumer: c, streamId: `${participantSid(owner.sessionId)}|${sid}`, trackSid: sid });
    if (renegotiate) this.negotiate();
  }

  removeConsumer(consumerId: string): void {
    if (this.offers?.close(consumerId)) this.negotiate();
  }

  /** The browser's answer to our latest offer. */
  async answer(sd: SessionDescription): Promise<void> {
    if (this.pending === undefined || !this.transport) return;
    if (sd.id && sd.id !== this.pending) return; // an answer to an older offer
    this.pending = undefined;
    if (!this.connected) {
      this.connected = true;
      await this.l.room.wiring.connectTransport(this.l.peer, this.transport.transportId, SubscriberOffers.answerDtls(sd.sdp));
    }
    const carried = this.inFlight;
    this.inFlight = [];
    for (const consumerId of carried) {
      if (this.resumed.has(consumerId) || !this.l.peer.consumers.has(consumerId)) continue;
      this.resumed.add(consumerId);
      await this.l.room.wiring.resumeConsumer(this.l.peer, consumerId).catch((err: unknown) => this.l.log.warn({ err, consumerId }, 'cannot resume consumer'));
    }
    if (this.again) {
      this.again = false;
      this.negotiate();
    }
  }

  /** Layer choice from the client's adaptive stream (the size it shows the video at). */
  async trackSettings(trackSids: string[], width: number, height: number): Promise<void> {
    for (const sid of trackSids) {
      const slot = this.offers?.slotOf(sid);
      if (!slot || slot.consumer.kind !== 'video' || height <= 0) continue;
      await this.l.room.wiring.setRenderedSize(this.l.peer, slot.consumer.consumerId, width, height).catch(() => undefined);
    }
  }

  /**
   * The client resumed after a dropped signal link (SyncState): what the room did
   * meanwhile was not heard (the seat had no link), so the offer is rebuilt from the
   * seat's consumers now. Same ICE credentials: mediasoup (ICE-lite) checks only its own
   * ufrag, so the browser's own ICE restart needs none of ours.
   */
  resend(): void {
    if (!this.offers || !this.transport) return;
    const now = new Set(this.l.peer.consumers.keys());
    for (const s of this.offers.open()) if (!now.has(s.consumer.consumerId)) this.offers.close(s.consumer.consumerId);
    const offered = new Set(this.offers.open().map((s) => s.consumer.consumerId));
    for (const c of this.l.peer.consumers.values()) if (!offered.has(c.consumer.id)) this.addConsumer(consumerInfo(c), false);
    this.pending = undefined;
    this.negotiate();
  }

  private negotiate(): void {
    if (!this.offers || !this.transport) return;
    if (this.pending !== undefined) {
      this.again = true;
      return;
    }
    const { sdp, midToTrackId } = this.offers.offer(this.transport);
    this.pending = ++this.offerId;
    this.inFlight = this.offers.open().map((s) => s.consumer.consumerId);
    this.l.sendOffer(new SessionDescription({ type: 'offer', sdp, id: this.pending, midToTrackId }));
  }
}
