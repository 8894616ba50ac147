import { describe, expect, it } from 'vitest';
import { CaucusPlan } from './caucus-plan';

describe('CaucusPlan', () => {
  it('puts everyone in the plenary until the host splits the room', () => {
    const plan = new CaucusPlan();
    expect(plan.together('a', 'b')).toBe(true);
    expect(plan.active).toBe(false);
    plan.replace([
      { groupId: 'A', peerIds: ['p1', 'p2'] },
      { groupId: 'B', peerIds: ['p3'] },
    ]);
    expect(plan.together('p1', 'p2')).toBe(true);
    expect(plan.together('p1', 'p3')).toBe(false);
    expect(plan.together('p1', 'host')).toBe(false);
    expect(plan.groups()).toEqual([
      { groupId: 'A', peerIds: ['p1', 'p2'] },
      { groupId: 'B', peerIds: ['p3'] },
    ]);
  });

  it('moves one peer and reports whether anything changed', () => {
    const plan = new CaucusPlan();
    expect(plan.move('host', 'A')).toBe(true);
    expect(plan.move('host', 'A')).toBe(false);
    expect(plan.group('host')).toBe('A');
    expect(plan.move('host', null)).toBe(true);
    expect(plan.active).toBe(false);
  });
});
