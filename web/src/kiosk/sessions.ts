import type { SessionItem } from './api';

/** Today's sessions (China is one time zone: the kiosk's local date), started ones and unscheduled ones first. */
export function todays(items: SessionItem[], now = new Date()): SessionItem[] {
  const day = now.toDateString();
  return items
    .filter((s) => !s.endedAt && (s.startedAt || !s.scheduledAt || new Date(s.scheduledAt).toDateString() === day))
    .sort((a, b) => Number(!a.startedAt) - Number(!b.startedAt) || (a.scheduledAt ?? '').localeCompare(b.scheduledAt ?? ''));
}
