import { describe, expect, it } from 'vitest';
import { groupIdFor, groupName } from './labels';

describe('caucus group names as protocol ids', () => {
  it('keeps an id-shaped name and encodes any other so that every page reads it back', () => {
    expect(groupIdFor('A')).toBe('A');
    expect(groupIdFor('side-b')).toBe('side-b');
    const id = groupIdFor('甲方')!;
    expect(id).toBe('u.e794b2e696b9');
    expect(id).toMatch(/^[A-Za-z0-9_.:-]{1,128}$/);
    expect(groupName(id)).toBe('甲方');
    expect(groupName('A')).toBe('A');
    expect(groupName(groupIdFor('村 东 头')!)).toBe('村 东 头');
  });

  it('refuses a name too long for an id, and never mistakes an id-shaped name for an encoded one', () => {
    expect(groupIdFor('长'.repeat(43))).toBeUndefined(); // 129 bytes → 2 + 258 hex characters
    expect(groupIdFor('长'.repeat(20))).toHaveLength(2 + 120);
    expect(groupIdFor('u.e794b2')).toBe('u.752e653739346232');
    expect(groupName('u.zz')).toBe('u.zz');
    expect(groupName('u.ff')).toBe('u.ff'); // not UTF-8
  });
});
