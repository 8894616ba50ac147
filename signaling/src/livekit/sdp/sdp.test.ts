import { describe, expect, it } from 'vitest';
import * as sdpTransform from 'sdp-transform';
import type { ConsumerInfo, RtpCapabilities, TransportInfo } from '@shuoshi/protocol';
import { readPublisherOffer } from './publisher';
import { SubscriberOffers } from './subscriber';

const ROUTER: RtpCapabilities = {
  codecs: [
    { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, preferredPayloadType: 100 },
    { kind: 'video', mimeType: 'video/VP8', clockRate: 90000, preferredPayloadType: 101 },
    { kind: 'video', mimeType: 'video/rtx', clockRate: 90000, preferredPayloadType: 102, parameters: { apt: 101 } },
  ],
  headerExtensions: [
    { kind: 'audio', uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', preferredId: 1 },
    { kind: 'video', uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', preferredId: 1 },
    { kind: 'video', uri: 'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id', preferredId: 10 },
    { kind: 'video', uri: 'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id', preferredId: 11 },
  ],
};

const TRANSPORT: TransportInfo = {
  transportId: 't1',
  iceParameters: { usernameFragment: 'srvufrag', password: 'srvpwd', iceLite: true },
  iceCandidates: [{ foundation: 'udpcandidate', priority: 1076302079, address: '127.0.0.1', protocol: 'udp', port: 40000, type: 'host' }],
  dtlsParameters: { role: 'auto', fingerprints: [{ algorithm: 'sha-256', value: 'AA:BB' }] },
} as TransportInfo;

/** A Chromium publisher offer as livekit-client makes it: Opus, simulcast VP8 with RTX (three RIDs), a data channel. */
const OFFER = [
  'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0 1 2', 'a=msid-semantic: WMS',
  'm=audio 9 UDP/TLS/RTP/SAVPF 111 63', 'c=IN IP4 0.0.0.0', 'a=ice-ufrag:cli', 'a=ice-pwd:clipassword', 'a=fingerprint:sha-256 11:22', 'a=setup:actpass', 'a=mid:0',
  'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid', 'a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level', 'a=sendonly', 'a=msid:stream-a mic-track', 'a=rtcp-mux',
  'a=rtpmap:111 opus/48000/2', 'a=rtcp-fb:111 transport-cc', 'a=fmtp:111 minptime=10;useinbandfec=1', 'a=rtpmap:63 red/48000/2', 'a=fmtp:63 111/111',
  'a=ssrc:1111 cname:cli', 'a=ssrc:1111 msid:stream-a mic-track',
  'm=video 9 UDP/TLS/RTP/SAVPF 96 97 98', 'c=IN IP4 0.0.0.0', 'a=ice-ufrag:cli', 'a=ice-pwd:clipassword', 'a=fingerprint:sha-256 11:22', 'a=setup:actpass', 'a=mid:1',
  'a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid', 'a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id', 'a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
  'a=sendonly', 'a=msid:stream-v cam-track', 'a=rtcp-mux', 'a=rtpmap:96 VP8/90000', 'a=rtcp-fb:96 nack', 'a=rtcp-fb:96 nack pli', 'a=rtpmap:97 rtx/90000', 'a=fmtp:97 apt=96',
  'a=rtpmap:98 H265/90000', 'a=rid:q send', 'a=rid:h send', 'a=rid:f send', 'a=simulcast:send q;h;f',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel', 'c=IN IP4 0.0.0.0', 'a=mid:2', 'a=sctp-port:5000',
  '',
].join('\r\n');

describe('the publisher offer → mediasoup producers and our answer', () => {
  const read = readPublisherOffer(OFFER, ROUTER);

  it('finds each sending track by its MediaStreamTrack id, with the router\'s codec (and its RTX), known extensions and RID simulcast', () => {
    expect(read.tracks.map((t) => [t.mid, t.kind, t.trackId])).toEqual([['0', 'audio', 'mic-track'], ['1', 'video', 'cam-track']]);
    const [mic, cam] = read.tracks;
    expect(mic!.rtpParameters.codecs.map((c) => [c.mimeType, c.payloadType])).toEqual([['audio/opus', 111]]);
    expect(mic!.rtpParameters.codecs[0]!.parameters).toMatchObject({ useinbandfec: 1 });
    expect(mic!.rtpParameters.encodings).toEqual([{ ssrc: 1111 }]);
    expect(mic!.rtpParameters.headerExtensions).toEqual([{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 4 }]);
    expect(cam!.rtpParameters.codecs.map((c) => [c.mimeType, c.payloadType])).toEqual([['video/VP8', 96], ['video/rtx', 97]]);
    expect(cam!.rtpParameters.encodings).toEqual([{ rid: 'q' }, { rid: 'h' }, { rid: 'f' }]);
    expect(read.dtls).toEqual({ role: 'server', fingerprints: [{ algorithm: 'sha-256', value: '11:22' }] });
  });

  it('answers recvonly with our ICE-lite transport, as the DTLS client, and rejects the data channel (port 0, out of the bundle)', () => {
    const answer = sdpTransform.parse(read.answer(TRANSPORT, 1));
    expect(answer.icelite).toBe('ice-lite');
    expect(answer.groups?.[0]?.mids).toBe('0 1');
    const [a, v, d] = answer.media;
    expect([a!.direction, v!.direction]).toEqual(['recvonly', 'recvonly']);
    expect(v!.payloads).toBe('96 97');
    expect(v!.setup).toBe('active');
    expect(v!.iceUfrag).toBe('srvufrag');
    expect(v!.candidates?.[0]).toMatchObject({ ip: '127.0.0.1', port: 40000, type: 'host' });
    expect(v!.simulcast).toMatchObject({ dir1: 'recv', list1: 'q;h;f' });
    expect(d).toMatchObject({ type: 'application', port: 0 });
  });
});

describe('the subscriber offers', () => {
  const consumer = (id: string, mid: string, ssrc: number): ConsumerInfo => ({
    consumerId: id, producerId: `p-${id}`, peerId: 'staff-1', kind: 'video', source: 'camera', producerPaused: false,
    rtpParameters: { mid, codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }] }, { mimeType: 'video/rtx', payloadType: 102, clockRate: 90000, parameters: { apt: 101 } }], headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1 }], encodings: [{ ssrc, rtx: { ssrc: ssrc + 1 } }], rtcp: { cname: 'x' } },
  });

  it('start with an inactive probe section, add one sendonly section per consumer, and keep closed ones as port 0', () => {
    const offers = new SubscriberOffers(ROUTER);
    const first = sdpTransform.parse(offers.offer(TRANSPORT).sdp);
    expect(first.media.map((m) => [m.mid, m.direction])).toEqual([['probe', 'inactive']]);
    expect(first.media[0]!.setup).toBe('actpass');
    offers.add({ consumer: consumer('c1', '0', 5000), streamId: 'PA_a|TR_b', trackSid: 'TR_b' });
    const { sdp, midToTrackId } = offers.offer(TRANSPORT);
    const second = sdpTransform.parse(sdp);
    expect(second.media.map((m) => [String(m.mid), m.direction])).toEqual([['probe', 'inactive'], ['0', 'sendonly']]);
    expect(second.media[1]!.msid).toBe('PA_a|TR_b TR_b');
    expect(second.media[1]!.ssrcGroups).toEqual([{ semantics: 'FID', ssrcs: '5000 5001' }]);
    expect(midToTrackId).toEqual({ '0': 'TR_b' });
    expect(offers.close('c1')).toBe(true);
    const third = sdpTransform.parse(offers.offer(TRANSPORT).sdp);
    expect(third.media[1]).toMatchObject({ port: 0, direction: 'inactive' });
    expect(String(third.media[1]!.mid)).toBe('0');
    expect(third.groups?.[0]?.mids).toBe('probe');
    expect(third.origin?.sessionVersion).toBeGreaterThan(second.origin!.sessionVersion);
  });
});
