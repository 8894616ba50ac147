import { AddTrackRequest, SessionDescription, TrackInfo, TrackSource, TrackType } from '@livekit/protocol';
import type { MediaSource, TransportInfo } from '@shuoshi/protocol';
import { RoomErrors } from '../rooms/errors';
import type { Peer } from '../rooms/peer';
import type { Room } from '../rooms/room';
import { readPublisherOffer } from './sdp/publisher';
import { TrackSids } from './track-sids';

export interface PublishingLink {
  room: Room;
  peer: Peer;
  sids: TrackSids;
  log: Peer['log'];
}

interface AnnouncedTrack {
  sid: string;
  source: MediaSource;
  kind: 'audio' | 'video';
  muted: boolean;
  height: number;
  producerId?: string;
  mid?: string;
}

/**
 * The publisher PeerConnection of one LiveKit participant on its mediasoup send
 * transport: the client announces a track (AddTrackRequest) and gets its sid, then
 * offers; each announced track found in the offer (by its MediaStreamTrack id, the
 * `cid`) becomes a producer through the room's MediaWiring (which applies the host's
 * mutes, roles and limits); the answer is ours. Only camera and microphone are sent.
 */
export class Publishing {
  private transport: TransportInfo | undefined;
  private connected = false;
  private readonly tracks = new Map<string, AnnouncedTrack>();

  constructor(private readonly l: PublishingLink) {}

  /** AddTrackRequest → the track's info, or a refusal (a waiting seat, a screen share, an observer). */
  addTrack(req: AddTrackRequest): TrackInfo {
    const { room, peer } = this.l;
    if (room.isWaiting(peer)) throw RoomErrors.notAdmitted();
    const kind = req.type === TrackType.VIDEO ? 'video' : req.type === TrackType.AUDIO ? 'audio' : undefined;
    const source: MediaSource | undefined =
      req.source === TrackSource.CAMERA || (req.source === TrackSource.UNKNOWN && kind === 'video') ? 'camera'
      : req.source === TrackSource.MICROPHONE || (req.source === TrackSource.UNKNOWN && kind === 'audio') ? 'microphone'
      : undefined;
    if (!kind || !source || (kind === 'audio') !== (source === 'microphone')) throw RoomErrors.forbidden('only a camera and a microphone can be published here');
    if (peer.role === 'observer') throw RoomErrors.forbidden('an observer does not send media');
    if (this.tracks.has(req.cid)) throw RoomErrors.badRequest('that track was announced already');
    const t: AnnouncedTrack = { sid: TrackSids.fresh(), source, kind, muted: req.muted, height: req.height };
    this.tracks.set(req.cid, t);
    return new TrackInfo({ sid: t.sid, type: req.type, name: req.name, source: req.source, muted: req.muted, width: req.width, height: req.height, simulcast: req.layers.length > 1, layers: req.layers, mimeType: kind === 'video' ? 'video/VP8' : 'audio/opus' });
  }

  /** The publisher's offer: makes the send transport on first use, produces what is new, answers. */
  async offer(sd: SessionDescription): Promise<SessionDescription> {
    const { room, peer } = this.l;
    if (room.isWaiting(peer)) throw RoomErrors.notAdmitted();
    const offer = readPublisherOffer(sd.sdp, room.media.routerRtpCapabilities);
    this.transport ??= await room.wiring.createTransport(peer, 'send');
    if (!this.connected) {
      this.connected = true;
      await room.wiring.connectTransport(peer, this.transport.transportId, offer.dtls);
    }
    // a track the client stopped sending (unpublished: its section no longer sends) closes its producer
    const sending = new Set(offer.tracks.map((t) => t.trackId));
    for (const [cid, t] of this.tracks) {
      if (!t.producerId || sending.has(cid)) continue;
      this.tracks.delete(cid);
      this.l.sids.forget(t.producerId);
      if (peer.producers.has(t.producerId)) room.wiring.closeProducer(peer, t.producerId);
      this.l.log.info({ producerId: t.producerId, trackSid: t.sid }, 'LiveKit track unpublished');
    }
    for (const track of offer.tracks) {
      const t = this.tracks.get(track.trackId);
      if (!t || t.producerId || t.kind !== track.kind) continue;
      const producerId = await room.wiring.produce(peer, {
        transportId: this.transport.transportId,
        kind: track.kind,
        source: t.source,
        rtpParameters: track.rtpParameters,
        paused: t.muted,
        ...(t.height > 0 ? { sourceHeight: t.height } : {}),
      });
      t.producerId = producerId;
      t.mid = track.mid;
      this.l.sids.bind(producerId, t.sid);
      this.l.log.info({ producerId, trackSid: t.sid, source: t.source }, 'LiveKit track published');
    }
    return new SessionDescription({ type: 'answer', sdp: offer.answer(this.transport, sd.id || 1), id: sd.id });
  }

  /** MuteTrackRequest: pause or resume the producer (an unmute the host holds is refused: MUTED_BY_HOST). */
  async mute(sid: string, muted: boolean): Promise<void> {
    const t = [...this.tracks.values()].find((x) => x.sid === sid);
    if (!t) throw RoomErrors.notFound('track');
    t.muted = muted;
    if (!t.producerId) return;
    await this.l.room.wiring.setProducerPaused(this.l.peer, t.producerId, muted);
  }

  /** The sid of this participant's track of a source (for the host's mutes). */
  sidOf(source: MediaSource): string | undefined {
    return [...this.tracks.values()].find((t) => t.source === source && t.producerId)?.sid;
  }

  /** The seat's media was closed by the room (back to the lobby, the seat ended): forget it. */
  forget(): void {
    for (const t of this.tracks.values()) if (t.producerId) this.l.sids.forget(t.producerId);
    this.tracks.clear();
  }
}
