import { describe, expect, it } from 'vitest';
import { containerFor, describeRtp, trackSdp } from './sdp';

describe('recording SDP', () => {
  it('describes what the consumer sends: payload type, codec, rtcp-mux, receive only', () => {
    const d = describeRtp('audio', {
      codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: { useinbandfec: 1 }, rtcpFeedback: [] }],
      encodings: [{ ssrc: 1234 }],
    });
    const sdp = trackSdp(d, 40000);
    expect(sdp).toContain('m=audio 40000 RTP/AVP 100\r\n');
    expect(sdp).toContain('a=rtpmap:100 opus/48000/2\r\n');
    expect(sdp).toContain('a=fmtp:100 useinbandfec=1\r\n');
    expect(sdp).toContain('a=rtcp-mux\r\n');
    expect(sdp).toContain('c=IN IP4 127.0.0.1\r\n');
    expect(d.ssrc).toBe(1234);
  });

  it('skips RTX and browser-only parameters, and picks the container by codec', () => {
    const d = describeRtp('video', {
      codecs: [
        { mimeType: 'video/rtx', payloadType: 97, clockRate: 90000, parameters: { apt: 96 }, rtcpFeedback: [] },
        { mimeType: 'video/VP8', payloadType: 96, clockRate: 90000, parameters: { 'x-google-start-bitrate': 600 }, rtcpFeedback: [] },
      ],
    });
    const sdp = trackSdp(d, 40002);
    expect(sdp).toContain('a=rtpmap:96 VP8/90000\r\n');
    expect(sdp).not.toContain('fmtp');
    expect(containerFor('video/VP8')).toEqual({ format: 'webm', ext: 'webm' });
    expect(containerFor('audio/opus')).toEqual({ format: 'webm', ext: 'webm' });
    expect(containerFor('video/H264')).toEqual({ format: 'matroska', ext: 'mkv' });
  });
});
