import * as sdpTransform from 'sdp-transform';
import type { MediaKind, RtpCapabilities, RtpParameters, TransportInfo } from '@shuoshi/protocol';
import { RoomErrors } from '../../rooms/errors';
import { browserDtls, sessionHead, transportAttributes, type Media } from './transport';

type Codec = RtpParameters['codecs'][number];

/** One sending m-section of the browser's publisher offer, as mediasoup produce() takes it. */
export interface OfferedTrack {
  mid: string;
  kind: MediaKind;
  /** The sender's MediaStreamTrack id (msid): livekit-client's AddTrackRequest `cid`. */
  trackId: string;
  rtpParameters: RtpParameters;
}

export interface PublisherOffer {
  tracks: OfferedTrack[];
  /** The server's answer, given its send transport. */
  answer(transport: TransportInfo, version: number): string;
  dtls: ReturnType<typeof browserDtls>;
  /** The browser's ICE username fragment (changes on an ICE restart). */
  iceUfrag: string | undefined;
}

/**
 * Reads the publisher PeerConnection's offer: every audio/video m-section the browser
 * sends on becomes one producer's RtpParameters, with the first codec the room's
 * router knows (and its RTX), the header extensions the router knows, and its
 * encodings (simulcast by RID, or SSRCs). Anything else (data channels, receive-only
 * sections) is rejected in the answer with port 0, which WebRTC allows.
 */
export function readPublisherOffer(sdp: string, router: RtpCapabilities): PublisherOffer {
  const offer = sdpTransform.parse(sdp);
  const tracks: OfferedTrack[] = [];
  const answers: Array<{ m: Media; accepted?: { codecs: Codec[]; ext: Media['ext'] } }> = [];
  for (const m of offer.media) {
    const kind = m.type === 'audio' || m.type === 'video' ? m.type : undefined;
    const sends = m.direction === 'sendonly' || m.direction === 'sendrecv';
    const trackId = m.msid?.split(' ')[1] ?? m.ssrcs?.find((s) => s.attribute === 'msid')?.value?.split(' ')[1];
    if (!kind || !sends || m.port === 0 || m.mid === undefined || !trackId) {
      answers.push({ m });
      continue;
    }
    const codecs = pickCodecs(m, kind, router);
    if (!codecs) {
      answers.push({ m });
      continue;
    }
    const known = new Set((router.headerExtensions ?? []).filter((h) => h.kind === kind).map((h) => h.uri));
    const ext = (m.ext ?? []).filter((e) => known.has(e.uri) && !e['encrypt-uri']);
    const rtpParameters: RtpParameters = {
      mid: String(m.mid),
      codecs,
      headerExtensions: ext.map((e) => ({ uri: e.uri, id: e.value })),
      encodings: encodingsOf(m, codecs.some((c) => /\/rtx$/i.test(c.mimeType))),
      rtcp: { cname: m.ssrcs?.find((s) => s.attribute === 'cname')?.value ?? trackId, reducedSize: true },
    };
    tracks.push({ mid: String(m.mid), kind, trackId, rtpParameters });
    answers.push({ m, accepted: { codecs, ext } });
  }
  const dtls = browserDtls(offer);
  return {
    tracks,
    iceUfrag: offer.media.find((m) => m.port !== 0 && m.iceUfrag)?.iceUfrag ?? offer.iceUfrag,
    dtls: { ...dtls, role: dtls.role === 'auto' ? 'server' : dtls.role }, // we answer `active`: the browser is the DTLS server
    answer(transport, version) {
      const mids = answers.filter((a) => a.accepted).map((a) => String(a.m.mid));
      const out = sessionHead(version, mids);
      for (const { m, accepted } of answers) {
        if (!accepted) {
          out.media.push({ type: m.type, port: 0, protocol: m.protocol, payloads: m.payloads, ...(m.mid !== undefined ? { mid: m.mid } : {}), direction: 'inactive', rtp: [], fmtp: [] } as Media);
          continue;
        }
        const pts = accepted.codecs.map((c) => c.payloadType);
        out.media.push({
          type: m.type,
          port: 7,
          protocol: 'UDP/TLS/RTP/SAVPF',
          payloads: pts.join(' '),
          mid: m.mid,
          direction: 'recvonly',
          ...transportAttributes(transport, 'active'),
          rtp: (m.rtp ?? []).filter((r) => pts.includes(r.payload)),
          fmtp: (m.fmtp ?? []).filter((f) => pts.includes(f.payload)),
          rtcpFb: (m.rtcpFb ?? []).filter((f) => f.payload === '*' || pts.includes(Number(f.payload))),
          ext: accepted.ext,
          ...(m.rids?.length ? { rids: m.rids.map((r) => ({ id: r.id, direction: 'recv' as const })), simulcast: { dir1: 'recv', list1: m.rids.map((r) => r.id).join(';') } } : {}),
        } as Media);
      }
      return sdpTransform.write(out);
    },
  };
}

/** The first offered codec the router knows (offer order = the browser's preference), with its RTX. */
function pickCodecs(m: Media, kind: MediaKind, router: RtpCapabilities): Codec[] | undefined {
  const routerCodecs = router.codecs.filter((c) => c.kind === kind && !/\/rtx$/i.test(c.mimeType));
  for (const pt of String(m.payloads ?? '').split(' ').map(Number)) {
    const rtp = m.rtp.find((r) => r.payload === pt);
    if (!rtp) continue;
    const mimeType = `${kind}/${rtp.codec}`;
    const params = paramsOf(m, pt);
    const match = routerCodecs.find((c) => c.mimeType.toLowerCase() === mimeType.toLowerCase() && c.clockRate === rtp.rate && sameProfile(c.parameters, params));
    if (!match) continue;
    const fb = (m.rtcpFb ?? []).filter((f) => Number(f.payload) === pt).map((f) => ({ type: f.type, ...(f.subtype ? { parameter: f.subtype } : {}) }));
    const codec: Codec = { mimeType: match.mimeType, payloadType: pt, clockRate: rtp.rate ?? match.clockRate, ...(rtp.encoding ? { channels: Number(rtp.encoding) } : {}), parameters: params, rtcpFeedback: fb };
    const rtx = m.rtp.find((r) => /^rtx$/i.test(r.codec) && Number(paramsOf(m, r.payload)['apt']) === pt);
    return rtx ? [codec, { mimeType: `${kind}/rtx`, payloadType: rtx.payload, clockRate: rtx.rate ?? codec.clockRate, parameters: { apt: pt }, rtcpFeedback: [] }] : [codec];
  }
  return undefined;
}

function paramsOf(m: Media, pt: number): Record<string, string | number> {
  const f = (m.fmtp ?? []).find((x) => x.payload === pt);
  return f ? (sdpTransform.parseParams(f.config) as Record<string, string | number>) : {};
}

/** H264 profiles must match the router's (mediasoup refuses others); other codecs match by name and rate. */
function sameProfile(router: Record<string, unknown> | undefined, offered: Record<string, string | number>): boolean {
  if (!router || router['profile-level-id'] === undefined) return true;
  return String(offered['packetization-mode'] ?? 0) === String(router['packetization-mode'] ?? 0) && String(offered['profile-level-id'] ?? '').slice(0, 4) === String(router['profile-level-id']).slice(0, 4);
}

function encodingsOf(m: Media, hasRtx: boolean): NonNullable<RtpParameters['encodings']> {
  const rids = (m.rids ?? []).filter((r) => r.direction === 'send').map((r) => String(r.id));
  if (rids.length > 0) {
    const order = m.simulcast?.list1?.split(';').map((s) => s.replace(/^~/, '')) ?? rids;
    return order.filter((id) => rids.includes(id)).map((rid) => ({ rid }));
  }
  const groups = (m.ssrcGroups ?? []).filter((g) => g.semantics === 'FID').map((g) => g.ssrcs.split(' ').map(Number));
  const repairs = new Set(groups.map((g) => g[1]));
  const first = [...new Set((m.ssrcs ?? []).map((s) => Number(s.id)))].find((id) => !repairs.has(id));
  if (first === undefined) throw RoomErrors.mediaRejected('a sending m-section without SSRC or RID');
  const rtx = groups.find((g) => g[0] === first)?.[1];
  return [{ ssrc: first, ...(hasRtx && rtx !== undefined ? { rtx: { ssrc: rtx } } : {}) }];
}
