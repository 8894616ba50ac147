import { describe, expect, it } from 'vitest';
import { chinaDay, covered, defaultCallbackTime, nextSlotStart, parseClock, weeklyCoverage } from './roster-time';

const at = (iso: string) => new Date(iso);

describe('weekly duty slots in China time', () => {
  it('reads HH:MM clocks, 24:00 as the end of a day', () => {
    expect(parseClock('08:30')).toBe(510);
    expect(parseClock('24:00')).toBe(1440);
    for (const bad of ['8:30', '24:01', '12:60', 'noon', '']) expect(parseClock(bad)).toBeNull();
  });

  it('knows the China weekday (Monday 00:30 in China is Sunday 16:30 UTC)', () => {
    expect(chinaDay(at('2026-11-22T16:30:00Z'))).toMatchObject({ weekday: 1, minute: 30 });
    expect(chinaDay(at('2026-11-22T16:30:00Z')).midnight.toISOString()).toBe('2026-11-22T16:00:00.000Z');
    expect(chinaDay(at('2026-11-22T15:59:00Z')).weekday).toBe(7);
  });

  it('finds the next slot start strictly after a time, across the week', () => {
    const slots = [{ weekday: 1, startMinute: 9 * 60, endMinute: 12 * 60 }, { weekday: 3, startMinute: 14 * 60, endMinute: 18 * 60 }];
    // Monday 10:00 China (inside the Monday slot): next is Wednesday 14:00
    expect(nextSlotStart(slots, at('2026-11-23T02:00:00Z'))?.toISOString()).toBe('2026-11-25T06:00:00.000Z');
    // Monday 08:59 China: Monday 09:00
    expect(nextSlotStart(slots, at('2026-11-23T00:59:00Z'))?.toISOString()).toBe('2026-11-23T01:00:00.000Z');
    // Thursday: wraps to next Monday 09:00
    expect(nextSlotStart(slots, at('2026-11-26T04:00:00Z'))?.toISOString()).toBe('2026-11-30T01:00:00.000Z');
    // exactly at a start: the next week's
    expect(nextSlotStart([slots[0]!], at('2026-11-23T01:00:00Z'))?.toISOString()).toBe('2026-11-30T01:00:00.000Z');
    expect(nextSlotStart([], at('2026-11-23T01:00:00Z'))).toBeNull();
    expect(covered(slots, at('2026-11-23T02:00:00Z'))).toBe(true);
    expect(covered(slots, at('2026-11-23T04:00:00Z'))).toBe(false);
  });

  it('without a roster promises the next 09:00 at least 30 minutes away', () => {
    expect(defaultCallbackTime(at('2026-11-23T00:00:00Z')).toISOString()).toBe('2026-11-23T01:00:00.000Z'); // 08:00 → 09:00 today
    expect(defaultCallbackTime(at('2026-11-23T00:40:00Z')).toISOString()).toBe('2026-11-24T01:00:00.000Z'); // 08:40 → tomorrow
    expect(defaultCallbackTime(at('2026-11-23T12:00:00Z')).toISOString()).toBe('2026-11-24T01:00:00.000Z'); // 20:00 → tomorrow
  });

  it('measures coverage: lawyers per whole hour and the gaps', () => {
    const c = weeklyCoverage([
      { lawyerId: 'a', weekday: 2, startMinute: 0, endMinute: 600 },
      { lawyerId: 'a', weekday: 2, startMinute: 600, endMinute: 1440 },
      { lawyerId: 'b', weekday: 2, startMinute: 570, endMinute: 700 },
    ]);
    expect(c.hours[1]!.every((n) => n >= 1)).toBe(true); // two back-to-back slots cover every hour
    expect(c.hours[1]![10]).toBe(2); // b covers 10:00–11:00 too (09:30–11:40)
    expect(c.hours[1]![9]).toBe(1);
    expect(c.gaps.filter((g) => g.weekday === 2)).toEqual([]);
    expect(c.gaps).toHaveLength(6);
    expect(c.coveredShare).toBeCloseTo(1 / 7, 4);
  });
});
