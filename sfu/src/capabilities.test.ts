import { describe, expect, it } from 'vitest';
import type { types } from 'mediasoup';
import { decodableCodecs } from './capabilities';
import { MEDIA_CODECS } from './codecs';

const router = { codecs: MEDIA_CODECS.map((c, i) => ({ ...c, preferredPayloadType: 100 + i })), headerExtensions: [] } as types.RtpCapabilities;
const codec = (mimeType: string, extra: Partial<types.RtpCodecCapability> = {}) =>
  ({ kind: mimeType.startsWith('audio') ? 'audio' : 'video', mimeType, clockRate: mimeType.startsWith('audio') ? 48000 : 90000, ...extra }) as types.RtpCodecCapability;

describe('decodableCodecs', () => {
  it('finds the codecs a browser shares with the router', () => {
    const caps = { codecs: [codec('audio/opus', { channels: 2 }), codec('video/vp8'), codec('video/rtx')] };
    expect(decodableCodecs(router, caps).map((c) => c.mimeType)).toEqual(['audio/opus', 'video/VP8']);
  });

  it.each([
    ['an unknown codec', [codec('video/AV2')]],
    ['only RTX', [codec('video/rtx')]],
    ['mono Opus', [codec('audio/opus', { channels: 1 })]],
    ['VP8 at the wrong clock rate', [codec('video/VP8', { clockRate: 8000 })]],
    ['H264 in packetization mode 0', [codec('video/H264', { parameters: { 'packetization-mode': 0 } })]],
  ])('finds nothing in %s', (_what, codecs) => {
    expect(decodableCodecs(router, { codecs })).toEqual([]);
  });
});
