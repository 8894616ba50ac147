import { describe, expect, it } from 'vitest';
import { classifyLink, readLink } from './quality';

const report = (...entries: Array<Record<string, unknown>>) => ({ forEach: (cb: (e: never) => void) => entries.forEach((e) => cb(e as never)) });

describe('link quality', () => {
  it('classifies by the worst of round trip, loss and bandwidth', () => {
    expect(classifyLink({ rttMs: undefined, lossPct: undefined, availableKbps: undefined })).toBe('unknown');
    expect(classifyLink({ rttMs: 40, lossPct: 0, availableKbps: 1500 })).toBe('good');
    expect(classifyLink({ rttMs: 300, lossPct: 0, availableKbps: 1500 })).toBe('fair');
    expect(classifyLink({ rttMs: 40, lossPct: 4, availableKbps: 1500 })).toBe('fair');
    expect(classifyLink({ rttMs: 40, lossPct: 0, availableKbps: 300 })).toBe('fair');
    expect(classifyLink({ rttMs: 600, lossPct: 0, availableKbps: 1500 })).toBe('poor');
    expect(classifyLink({ rttMs: 40, lossPct: 12, availableKbps: 1500 })).toBe('poor');
    expect(classifyLink({ rttMs: 40, lossPct: 0, availableKbps: 100 })).toBe('poor');
  });

  it('reads the selected pair and the loss since the last sample', () => {
    const send = report(
      { type: 'candidate-pair', nominated: true, state: 'succeeded', currentRoundTripTime: 0.12, availableOutgoingBitrate: 800_000 },
      { type: 'candidate-pair', nominated: false, state: 'waiting', currentRoundTripTime: 2 },
    );
    const first = readLink([send, report({ type: 'inbound-rtp', packetsLost: 10, packetsReceived: 990 })], undefined);
    expect(first.sample).toEqual({ rttMs: 120, lossPct: undefined, availableKbps: 800 });
    const second = readLink([send, report({ type: 'inbound-rtp', packetsLost: 30, packetsReceived: 1170 })], first.counters);
    expect(second.sample.lossPct).toBeCloseTo(10);
    expect(classifyLink(second.sample)).toBe('poor');
  });
});
