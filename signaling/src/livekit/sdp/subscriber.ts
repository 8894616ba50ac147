import * as sdpTransform from 'sdp-transform';
import type { ConsumerInfo, RtpCapabilities, RtpParameters, TransportInfo } from '@shuoshi/protocol';
import { browserDtls, sessionHead, transportAttributes, type Media } from './transport';

/** What the subscriber PeerConnection receives on one m-section. */
export interface SubscribedSlot {
  mid: string;
  consumer: ConsumerInfo;
  /** LiveKit's stream id `<participant sid>|<track sid>` and track id (the track sid): how livekit-client finds the publication. */
  streamId: string;
  trackSid: string;
  closed: boolean;
}

/**
 * The server's side of the subscriber PeerConnection: one sendonly m-section per
 * mediasoup consumer (its mid, codecs, SSRCs and header extensions as mediasoup chose
 * them), closed ones kept as port 0 (m-sections are never removed), and a first
 * inactive audio section so that the connection has something to bundle ICE and DTLS
 * on before anyone publishes (livekit-client waits for this, its primary, connection).
 */
export class SubscriberOffers {
  private readonly slots: SubscribedSlot[] = [];
  private version = 1;
  private readonly probe: Media;

  constructor(router: RtpCapabilities) {
    const opus = router.codecs.find((c) => c.mimeType.toLowerCase() === 'audio/opus');
    const pt = opus?.preferredPayloadType ?? 111;
    this.probe = { type: 'audio', port: 7, protocol: 'UDP/TLS/RTP/SAVPF', payloads: String(pt), mid: 'probe', direction: 'inactive', rtp: [{ payload: pt, codec: 'opus', rate: 48000, encoding: 2 }], fmtp: [] } as unknown as Media;
  }

  add(slot: Omit<SubscribedSlot, 'mid' | 'closed'>): void {
    this.slots.push({ ...slot, mid: slot.consumer.rtpParameters.mid ?? `c${this.slots.length}`, closed: false });
  }

  /** Marks a consumer's section closed; false when it had none. */
  close(consumerId: string): boolean {
    const s = this.slots.find((x) => x.consumer.consumerId === consumerId && !x.closed);
    if (!s) return false;
    s.closed = true;
    return true;
  }

  open(): SubscribedSlot[] {
    return this.slots.filter((s) => !s.closed);
  }

  slotOf(trackSid: string): SubscribedSlot | undefined {
    return this.slots.find((s) => s.trackSid === trackSid && !s.closed);
  }

  offer(transport: TransportInfo): { sdp: string; midToTrackId: Record<string, string> } {
    const live = this.slots.filter((s) => !s.closed);
    const out = sessionHead(this.version++, ['probe', ...live.map((s) => s.mid)]);
    out.media.push({ ...this.probe, ...transportAttributes(transport, 'actpass') } as Media);
    for (const s of this.slots) out.media.push(s.closed ? closedSection(s) : { ...section(s), ...transportAttributes(transport, 'actpass') } as Media);
    return { sdp: sdpTransform.write(out), midToTrackId: Object.fromEntries(live.map((s) => [s.mid, s.trackSid])) };
  }

  /** The browser's DTLS side from its answer (it answers `active`: mediasoup is then the DTLS server). */
  static answerDtls(sdp: string) {
    return browserDtls(sdpTransform.parse(sdp));
  }
}

function codecLines(p: RtpParameters) {
  const rtp = p.codecs.map((c) => ({ payload: c.payloadType, codec: c.mimeType.split('/')[1]!, rate: c.clockRate, ...(c.channels && c.channels > 1 ? { encoding: c.channels } : {}) }));
  const fmtp = p.codecs
    .filter((c) => c.parameters && Object.keys(c.parameters).length > 0)
    .map((c) => ({ payload: c.payloadType, config: Object.entries(c.parameters!).map(([k, v]) => `${k}=${String(v)}`).join(';') }));
  const rtcpFb = p.codecs.flatMap((c) => (c.rtcpFeedback ?? []).map((f) => ({ payload: c.payloadType, type: f.type, ...(f.parameter ? { subtype: f.parameter } : {}) })));
  return { rtp, fmtp, rtcpFb, payloads: p.codecs.map((c) => c.payloadType).join(' ') };
}

function section(s: SubscribedSlot): Media {
  const p = s.consumer.rtpParameters;
  const enc = p.encodings?.[0];
  const cname = p.rtcp?.cname ?? s.trackSid;
  const msid = `${s.streamId} ${s.trackSid}`;
  const ssrcs: Array<{ id: number; attribute: string; value: string }> = [];
  const ssrcGroups: Array<{ semantics: string; ssrcs: string }> = [];
  if (enc?.ssrc !== undefined) {
    ssrcs.push({ id: enc.ssrc, attribute: 'cname', value: cname }, { id: enc.ssrc, attribute: 'msid', value: msid });
    if (enc.rtx?.ssrc !== undefined) {
      ssrcs.push({ id: enc.rtx.ssrc, attribute: 'cname', value: cname }, { id: enc.rtx.ssrc, attribute: 'msid', value: msid });
      ssrcGroups.push({ semantics: 'FID', ssrcs: `${enc.ssrc} ${enc.rtx.ssrc}` });
    }
  }
  return {
    type: s.consumer.kind,
    port: 7,
    protocol: 'UDP/TLS/RTP/SAVPF',
    mid: s.mid,
    direction: 'sendonly',
    msid,
    ...codecLines(p),
    ext: (p.headerExtensions ?? []).map((h) => ({ value: h.id, uri: h.uri })),
    ssrcs,
    ssrcGroups,
  } as unknown as Media;
}

function closedSection(s: SubscribedSlot): Media {
  const { rtp, payloads } = codecLines(s.consumer.rtpParameters);
  return { type: s.consumer.kind, port: 0, protocol: 'UDP/TLS/RTP/SAVPF', payloads, mid: s.mid, direction: 'inactive', rtp, fmtp: [] } as unknown as Media;
}
