/** How the link feels, from the transports' getStats(): shown as text and colour. */
export type LinkQuality = 'good' | 'fair' | 'poor' | 'unknown';

export interface LinkSample {
  /** Round-trip time of the selected ICE candidate pair. */
  rttMs: number | undefined;
  /** Received packets lost since the previous sample, in percent. */
  lossPct: number | undefined;
  /** The sender's bandwidth estimate (availableOutgoingBitrate). */
  availableKbps: number | undefined;
}

export interface LossCounters {
  lost: number;
  received: number;
}

/**
 * Thresholds for a mediation call (speech first, video second): above 500 ms round
 * trip, 10 % loss or under 150 kbps people talk over each other or video freezes
 * (poor); 250 ms, 3 % or 400 kbps are noticeable (fair).
 */
export function classifyLink(s: LinkSample): LinkQuality {
  const { rttMs, lossPct, availableKbps } = s;
  if (rttMs === undefined && lossPct === undefined && availableKbps === undefined) return 'unknown';
  if ((rttMs ?? 0) >= 500 || (lossPct ?? 0) >= 10 || (availableKbps !== undefined && availableKbps < 150)) return 'poor';
  if ((rttMs ?? 0) >= 250 || (lossPct ?? 0) >= 3 || (availableKbps !== undefined && availableKbps < 400)) return 'fair';
  return 'good';
}

type Entry = Record<string, unknown> & { type: string };
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** One sample from the send and receive transports' reports; loss is the change since `prev`. */
export function readLink(reports: Array<{ forEach(cb: (e: Entry) => void): void }>, prev: LossCounters | undefined): { sample: LinkSample; counters: LossCounters } {
  const rtts: number[] = [];
  let availableKbps: number | undefined;
  const counters: LossCounters = { lost: 0, received: 0 };
  for (const report of reports) {
    report.forEach((e) => {
      if (e.type === 'candidate-pair' && (e.nominated === true || e.selected === true) && e.state === 'succeeded') {
        const rtt = num(e.currentRoundTripTime);
        if (rtt !== undefined) rtts.push(rtt * 1000);
        const out = num(e.availableOutgoingBitrate);
        if (out !== undefined) availableKbps = Math.max(availableKbps ?? 0, out / 1000);
      } else if (e.type === 'inbound-rtp') {
        counters.lost += num(e.packetsLost) ?? 0;
        counters.received += num(e.packetsReceived) ?? 0;
      }
    });
  }
  let lossPct: number | undefined;
  if (prev) {
    const lost = Math.max(0, counters.lost - prev.lost);
    const got = Math.max(0, counters.received - prev.received);
    if (lost + got > 0) lossPct = (100 * lost) / (lost + got);
  }
  return { sample: { rttMs: rtts.length ? Math.max(...rtts) : undefined, lossPct, availableKbps }, counters };
}
