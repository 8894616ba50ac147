import type { types } from 'mediasoup';

/**
 * What every room's router speaks. Opus for voice; VP8 first (simulcast in every
 * browser); H264 constrained baseline and main with packetization-mode 1 because the
 * cheap Android tablets in village offices decode H264 in hardware and VP8 in software.
 *
 * Opus with in-band FEC and DTX (the router asks for them; the web client's producer
 * asks too, and mediasoup hands the producer's parameters on to every consumer).
 * No RED (audio/red, RFC 2198) although Chrome offers it: mediasoup 3.19.3 refuses it
 * as a router codec ("media codec not supported", versatica/mediasoup#481; checked by
 * sfu/test/audio-protection.test.ts, which fails once a mediasoup upgrade accepts it).
 */
export const MEDIA_CODECS: types.RouterRtpCodecCapability[] = [
  { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, parameters: { useinbandfec: 1, usedtx: 1 } },
  {
    kind: 'video',
    mimeType: 'video/VP8',
    clockRate: 90000,
    parameters: { 'x-google-start-bitrate': 600 },
  },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: {
      'packetization-mode': 1,
      'profile-level-id': '42e01f',
      'level-asymmetry-allowed': 1,
      'x-google-start-bitrate': 600,
    },
  },
  {
    kind: 'video',
    mimeType: 'video/H264',
    clockRate: 90000,
    parameters: {
      'packetization-mode': 1,
      'profile-level-id': '4d0032',
      'level-asymmetry-allowed': 1,
      'x-google-start-bitrate': 600,
    },
  },
];
