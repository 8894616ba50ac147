import { describe, expect, it } from 'vitest';
import { withLawyerTitle } from './lawyer-title';

describe('withLawyerTitle (issue #13 bug 9: 陈律师律师已接听)', () => {
  it('adds the title once', () => {
    expect(withLawyerTitle('陈静', '律师')).toBe('陈静律师');
    expect(withLawyerTitle('陈律师', '律师')).toBe('陈律师');
    expect(withLawyerTitle('法律顾问 陈律师', '律师')).toBe('法律顾问 陈律师');
    expect(withLawyerTitle('Chen Jing', 'Lawyer')).toBe('Lawyer Chen Jing');
    expect(withLawyerTitle('陈律师', 'Lawyer')).toBe('陈律师');
  });
});
