/**
 * Weekly duty slots in China time (Asia/Shanghai, UTC+8 all year): weekday 1 =
 * Monday … 7 = Sunday, minutes from midnight, end exclusive. Pure functions.
 */
export interface WeeklySlot {
  weekday: number;
  startMinute: number;
  endMinute: number;
}

const CHINA_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 24 * 3600_000;
const MIN_MS = 60_000;

/** "08:30" → 510; "24:00" → 1440 (an end only); anything else → null. */
export function parseClock(s: string): number | null {
  const m = /^(\d{2}):(\d{2})$/.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  if (min > 59 || h > 24 || (h === 24 && min !== 0)) return null;
  return h * 60 + min;
}

export const formatClock = (minute: number) => `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/** The China-time weekday (1–7) and midnight (as an instant) of `at`. */
export function chinaDay(at: Date): { weekday: number; midnight: Date; minute: number } {
  const local = at.getTime() + CHINA_OFFSET_MS;
  const dayStart = Math.floor(local / DAY_MS) * DAY_MS;
  const weekday = new Date(dayStart).getUTCDay() || 7;
  return { weekday, midnight: new Date(dayStart - CHINA_OFFSET_MS), minute: Math.floor((local - dayStart) / MIN_MS) };
}

/** The first slot start strictly after `after` within the coming 8 days, or null when the roster is empty. */
export function nextSlotStart(slots: readonly WeeklySlot[], after: Date): Date | null {
  if (slots.length === 0) return null;
  const today = chinaDay(after);
  let best: Date | null = null;
  for (let offset = 0; offset <= 7; offset++) {
    const weekday = ((today.weekday - 1 + offset) % 7) + 1;
    const midnight = today.midnight.getTime() + offset * DAY_MS;
    for (const s of slots) {
      if (s.weekday !== weekday) continue;
      const start = new Date(midnight + s.startMinute * MIN_MS);
      if (start > after && (!best || start < best)) best = start;
    }
    if (best) return best;
  }
  return best;
}

/** Without a roster: the next 09:00 China time at least 30 minutes away. */
export function defaultCallbackTime(after: Date): Date {
  const soonest = after.getTime() + 30 * MIN_MS;
  const { midnight } = chinaDay(after);
  for (let offset = 0; ; offset++) {
    const t = midnight.getTime() + offset * DAY_MS + 9 * 60 * MIN_MS;
    if (t >= soonest) return new Date(t);
  }
}

/** Whether `at` falls inside one of the slots. */
export function covered(slots: readonly WeeklySlot[], at: Date): boolean {
  const { weekday, minute } = chinaDay(at);
  return slots.some((s) => s.weekday === weekday && s.startMinute <= minute && minute < s.endMinute);
}

/**
 * Coverage of the week: for every weekday and hour, how many distinct lawyers are
 * rostered for the whole hour; and the gaps (stretches with nobody), per weekday.
 */
export function weeklyCoverage(slots: ReadonlyArray<WeeklySlot & { lawyerId: string }>) {
  const hours: number[][] = [];
  const gaps: Array<{ weekday: number; start: string; end: string; startMinute: number; endMinute: number }> = [];
  for (let weekday = 1; weekday <= 7; weekday++) {
    const day = slots.filter((s) => s.weekday === weekday);
    hours.push(
      Array.from({ length: 24 }, (_, h) => {
        const lawyers = new Set<string>();
        for (const s of day) if (coversWhole(day.filter((x) => x.lawyerId === s.lawyerId), h * 60, h * 60 + 60)) lawyers.add(s.lawyerId);
        return lawyers.size;
      }),
    );
    // merge the day's slots, then take the complement in [0, 1440)
    const sorted = [...day].sort((a, b) => a.startMinute - b.startMinute);
    let cursor = 0;
    for (const s of sorted) {
      if (s.startMinute > cursor) gaps.push(gap(weekday, cursor, s.startMinute));
      cursor = Math.max(cursor, s.endMinute);
    }
    if (cursor < 1440) gaps.push(gap(weekday, cursor, 1440));
  }
  const uncoveredMinutes = gaps.reduce((n, g) => n + g.endMinute - g.startMinute, 0);
  return { hours, gaps, coveredShare: Math.round(((7 * 1440 - uncoveredMinutes) / (7 * 1440)) * 10_000) / 10_000 };
}

const gap = (weekday: number, startMinute: number, endMinute: number) => ({ weekday, start: formatClock(startMinute), end: formatClock(endMinute), startMinute, endMinute });

/** One lawyer's slots cover [from, to) without a hole. */
function coversWhole(slots: readonly WeeklySlot[], from: number, to: number): boolean {
  let cursor = from;
  for (const s of [...slots].sort((a, b) => a.startMinute - b.startMinute)) {
    if (s.startMinute > cursor) break;
    cursor = Math.max(cursor, s.endMinute);
    if (cursor >= to) return true;
  }
  return cursor >= to;
}
