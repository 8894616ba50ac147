import { BadInputCode, badInput } from './errors';

const DAY = 24 * 3600 * 1000;

/** Inclusive calendar dates (YYYY-MM-DD, China time) → the instants [from, to + 1 day). */
export function periodBounds(from: string | undefined, to: string | undefined): { from?: Date; to?: Date } {
  const start = from ? chinaMidnight(from, 'from') : undefined;
  const end = to ? new Date(chinaMidnight(to, 'to').getTime() + DAY) : undefined;
  if (start && end && start >= end) throw badInput(BadInputCode.InvalidPeriod, '`from` must not be after `to`');
  return { ...(start ? { from: start } : {}), ...(end ? { to: end } : {}) };
}

function chinaMidnight(date: string, name: string): Date {
  const d = new Date(`${date}T00:00:00+08:00`);
  if (Number.isNaN(d.getTime()) || !sameDate(d, date)) {
    throw badInput(BadInputCode.InvalidPeriod, `\`${name}\` is not a calendar date`);
  }
  return d;
}

const sameDate = (d: Date, s: string) => new Date(d.getTime() + 8 * 3600 * 1000).toISOString().slice(0, 10) === s;
