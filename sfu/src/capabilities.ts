import type { types } from 'mediasoup';

/**
 * Whether a receiver's RtpCapabilities can decode anything a router sends: at least
 * one media codec (RTX aside) in common, matched as mediasoup's ortc matches codecs
 * for consumers (mime type, clock rate, audio channels, H264 packetization mode).
 * mediasoup 3.19 does not export its ortc module (package "exports"), so the rule is
 * mirrored here; `router.canConsume` still has the last word for each producer.
 */
export function decodableCodecs(router: types.RtpCapabilities, receiver: types.RtpCapabilities): types.RtpCodecCapability[] {
  const media = (c: types.RtpCodecCapability) => !/\/rtx$/i.test(c.mimeType);
  return (router.codecs ?? []).filter(media).filter((r) => (receiver.codecs ?? []).filter(media).some((c) => sameCodec(r, c)));
}

function sameCodec(a: types.RtpCodecCapability, b: types.RtpCodecCapability): boolean {
  if (a.kind !== b.kind || a.mimeType.toLowerCase() !== b.mimeType.toLowerCase() || a.clockRate !== b.clockRate) return false;
  if (a.kind === 'audio' && (a.channels ?? 1) !== (b.channels ?? 1)) return false;
  if (a.mimeType.toLowerCase() === 'video/h264') {
    return Number(a.parameters?.['packetization-mode'] ?? 0) === Number(b.parameters?.['packetization-mode'] ?? 0);
  }
  return true;
}
