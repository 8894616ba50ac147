import { describe, expect, it } from 'vitest';
import { CaucusPlan } from './caucus-plan';

describe('CaucusPlan', () => {
  it('puts everyone in the plenary until the host splits the room; groups get server-made ids and keep their labels', () => {
    const plan = new CaucusPlan();
    expect(plan.together('a', 'b')).toBe(true);
    expect(plan.active).toBe(false);
    plan.replace([
      { label: 'A', peerIds: ['p1', 'p2'] },
      { label: ' 私下 ', peerIds: ['p3'] },
    ]);
    expect(plan.together('p1', 'p2')).toBe(true);
    expect(plan.together('p1', 'p3')).toBe(false);
    expect(plan.together('p1', 'host')).toBe(false);
    const groups = plan.groups();
    expect(groups.map((g) => [g.label, g.peerIds])).toEqual([
      ['A', ['p1', 'p2']],
      ['私下', ['p3']],
    ]);
    for (const g of groups) expect(g.groupId).toMatch(/^g-[0-9a-f-]{36}$/);
    expect(plan.group('p1')).toBe(groups[0]!.groupId);
  });

  it('moves one peer (into a group that exists, a new one, or the plenary) and reports whether anything changed', () => {
    const plan = new CaucusPlan();
    expect(plan.move('host', { label: 'A' })).toBe(true);
    const a = plan.group('host')!;
    expect(plan.move('host', a)).toBe(false);
    expect(plan.move('p1', a)).toBe(true);
    expect(plan.members(a)).toEqual(['host', 'p1']);
    expect(plan.move('host', null)).toBe(true);
    expect(plan.move('p1', null)).toBe(true);
    expect(plan.active).toBe(false);
    // the emptied group is over: its id is not valid again
    expect(() => plan.move('p1', a)).toThrow(/not found/);
  });

  it('never reuses a group id: the same label in a later round is a new instance; an old id is NOT_FOUND', () => {
    const plan = new CaucusPlan();
    plan.replace([{ label: '私下', peerIds: ['m', 'a'] }]);
    const round1 = plan.group('a')!;
    plan.replace([{ groupId: round1, label: '私下', peerIds: ['m', 'a', 'c'] }]); // continued: same instance
    expect(plan.group('c')).toBe(round1);
    plan.replace([]);
    plan.replace([{ label: '私下', peerIds: ['m', 'b'] }]);
    expect(plan.group('b')).not.toBe(round1);
    expect(() => plan.replace([{ groupId: round1, label: '私下', peerIds: ['b'] }])).toThrow(/not found/);
    expect(plan.group('b')).not.toBeNull(); // a refused plan changes nothing
    expect(() => plan.replace([{ label: '  ', peerIds: ['b'] }])).toThrow(/name/);
  });
});
