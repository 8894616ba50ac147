import { describe, expect, it } from 'vitest';
import type { SessionItem } from './api';
import { todays } from './sessions';

const at = (id: string, fields: Partial<SessionItem>): SessionItem => ({
  id,
  kind: 'MEDIATION',
  caseId: null,
  consultationId: null,
  roomId: `room-${id}`,
  scheduledAt: null,
  startedAt: null,
  endedAt: null,
  ...fields,
});

describe("today's sessions on the kiosk", () => {
  it('keeps started, unscheduled and today’s; drops other days and ended ones; started first, then by time', () => {
    const now = new Date(2026, 10, 24, 9, 0); // local time, as the kiosk sees it
    const list = todays(
      [
        at('later', { scheduledAt: new Date(2026, 10, 24, 15, 0).toISOString() }),
        at('tomorrow', { scheduledAt: new Date(2026, 10, 25, 9, 0).toISOString() }),
        at('yesterday', { scheduledAt: new Date(2026, 10, 23, 9, 0).toISOString() }),
        at('ended', { scheduledAt: new Date(2026, 10, 24, 8, 0).toISOString(), startedAt: new Date(2026, 10, 24, 8, 0).toISOString(), endedAt: new Date(2026, 10, 24, 8, 30).toISOString() }),
        at('soon', { scheduledAt: new Date(2026, 10, 24, 10, 0).toISOString() }),
        at('running-from-yesterday', { scheduledAt: new Date(2026, 10, 23, 16, 0).toISOString(), startedAt: new Date(2026, 10, 23, 16, 0).toISOString() }),
        at('any-time', {}),
      ],
      now,
    );
    expect(list.map((s) => s.id)).toEqual(['running-from-yesterday', 'any-time', 'soon', 'later']);
  });
});
