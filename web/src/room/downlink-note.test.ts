import { afterEach, describe, expect, it, vi } from 'vitest';
import { DownlinkNote, type DownlinkState } from './downlink-note';

afterEach(() => vi.useRealTimers());

describe('DownlinkNote', () => {
  it('says nothing for lowest layers, speaks while video is held, says it is recovering when video comes back, then goes quiet', () => {
    vi.useFakeTimers();
    const told: DownlinkState[] = [];
    const note = new DownlinkNote((s) => told.push(s));
    note.apply('lowest');
    expect(told).toEqual([]);
    note.apply('speaker');
    note.apply('audioOnly');
    note.apply('speaker');
    note.apply('lowest');
    expect(told).toEqual(['speakerOnly', 'audioOnly', 'speakerOnly', 'recovering']);
    note.apply('full'); // still recovering: no second word
    vi.advanceTimersByTime(10_000);
    expect(told).toEqual(['speakerOnly', 'audioOnly', 'speakerOnly', 'recovering', 'good']);
  });

  it('a weak link again while recovering is said at once, and the recovery timer does not clear it', () => {
    vi.useFakeTimers();
    const told: DownlinkState[] = [];
    const note = new DownlinkNote((s) => told.push(s));
    note.apply('audioOnly');
    note.apply('full');
    vi.advanceTimersByTime(5_000);
    note.apply('audioOnly');
    vi.advanceTimersByTime(20_000);
    expect(told).toEqual(['audioOnly', 'recovering', 'audioOnly']);
  });
});

describe('DownlinkNote and the host’s switch', () => {
  it('says the mediator switched us to voice only, whatever the link, and recovering when lifted', () => {
    vi.useFakeTimers();
    const told: DownlinkState[] = [];
    const note = new DownlinkNote((s) => told.push(s));
    note.apply('audioOnly', true);
    note.apply('audioOnly', true);
    note.apply('full', false);
    vi.advanceTimersByTime(10_000);
    expect(told).toEqual(['byHost', 'recovering', 'good']);
  });
});
