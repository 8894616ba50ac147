import type { RtpParameters } from '@shuoshi/protocol';

/** The one codec a recording consumer sends (RTX is never offered to tools). */
export interface RtpDescription {
  kind: 'audio' | 'video';
  mimeType: string;
  payloadType: number;
  clockRate: number;
  channels?: number;
  parameters: Record<string, unknown>;
  ssrc?: number;
}

export function describeRtp(kind: 'audio' | 'video', rtp: RtpParameters): RtpDescription {
  const codec = rtp.codecs.find((c) => !c.mimeType.toLowerCase().endsWith('/rtx'));
  if (!codec) throw new Error('the consumer has no media codec');
  const ssrc = rtp.encodings?.[0]?.ssrc;
  return {
    kind,
    mimeType: codec.mimeType,
    payloadType: codec.payloadType,
    clockRate: codec.clockRate,
    ...(codec.channels !== undefined ? { channels: codec.channels } : {}),
    parameters: codec.parameters ?? {},
    ...(ssrc !== undefined ? { ssrc } : {}),
  };
}

/**
 * The SDP ffmpeg reads to receive one RTP stream on 127.0.0.1:`port` (RTCP muxed on
 * the same port; ffmpeg also binds `port + 1`).
 */
export function trackSdp(d: RtpDescription, port: number): string {
  const codecName = d.mimeType.split('/')[1] ?? d.mimeType;
  const rtpmap = `${codecName}/${d.clockRate}${d.channels && d.channels > 1 ? `/${d.channels}` : ''}`;
  const fmtp = Object.entries(d.parameters)
    .filter(([k]) => !k.startsWith('x-google'))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(';');
  return [
    'v=0',
    'o=- 0 0 IN IP4 127.0.0.1',
    's=shuoshi recording',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    `m=${d.kind} ${port} RTP/AVP ${d.payloadType}`,
    `a=rtpmap:${d.payloadType} ${rtpmap}`,
    ...(fmtp ? [`a=fmtp:${d.payloadType} ${fmtp}`] : []),
    'a=rtcp-mux',
    'a=recvonly',
    '',
  ].join('\r\n');
}

/** WebM holds VP8/VP9/Opus; H.264 goes into Matroska (same container family, copied as received). */
export function containerFor(mimeType: string): { format: 'webm' | 'matroska'; ext: 'webm' | 'mkv' } {
  const codec = mimeType.toLowerCase();
  return codec === 'video/h264' ? { format: 'matroska', ext: 'mkv' } : { format: 'webm', ext: 'webm' };
}
