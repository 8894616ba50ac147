import type { types } from 'mediasoup-client';
import type { MediaSource } from '@shuoshi/protocol';
import type { RemoteTrack } from './remote-peers';

/** What one received track has delivered so far (from getStats' inbound-rtp). */
export interface InboundStats {
  peerId: string;
  source: MediaSource;
  kind: 'audio' | 'video';
  consumerId: string;
  muted: boolean;
  bytesReceived: number;
  packetsReceived: number;
  framesDecoded: number;
  frameWidth: number;
  frameHeight: number;
}

export interface OutboundStats {
  source: MediaSource;
  rid: string | undefined;
  bytesSent: number;
  frameHeight: number;
  framesEncoded: number;
}

type StatsEntry = Record<string, unknown> & { type: string };
const num = (v: unknown) => (typeof v === 'number' ? v : 0);

export async function readInbound(t: RemoteTrack & { peerId: string }): Promise<InboundStats> {
  const base: InboundStats = {
    peerId: t.peerId,
    source: t.source,
    kind: t.consumer.kind,
    consumerId: t.consumerId,
    muted: t.muted,
    bytesReceived: 0,
    packetsReceived: 0,
    framesDecoded: 0,
    frameWidth: 0,
    frameHeight: 0,
  };
  if (t.consumer.closed) return base;
  const report = await t.consumer.getStats();
  report.forEach((s: StatsEntry) => {
    if (s.type !== 'inbound-rtp') return;
    base.bytesReceived += num(s.bytesReceived);
    base.packetsReceived += num(s.packetsReceived);
    base.framesDecoded += num(s.framesDecoded);
    base.frameWidth = Math.max(base.frameWidth, num(s.frameWidth));
    base.frameHeight = Math.max(base.frameHeight, num(s.frameHeight));
  });
  return base;
}

/** One entry per sent encoding (three for a simulcast camera). */
export async function readOutbound(source: MediaSource, producer: types.Producer): Promise<OutboundStats[]> {
  if (producer.closed) return [];
  const out: OutboundStats[] = [];
  (await producer.getStats()).forEach((s: StatsEntry) => {
    if (s.type !== 'outbound-rtp') return;
    out.push({
      source,
      rid: typeof s.rid === 'string' ? s.rid : undefined,
      bytesSent: num(s.bytesSent),
      frameHeight: num(s.frameHeight),
      framesEncoded: num(s.framesEncoded),
    });
  });
  return out;
}
