import { describe, expect, it } from 'vitest';
import { AttemptLimiter } from './attempt-limiter';

describe('AttemptLimiter', () => {
  it('blocks a key after max failures until the window ends', () => {
    let now = 0;
    const l = new AttemptLimiter(3, 60_000, () => now);
    for (let i = 0; i < 2; i++) l.fail('k');
    expect(l.blockedFor('k')).toBe(0);
    l.fail('k');
    expect(l.blockedFor('k')).toBe(60);
    expect(l.blockedFor('other')).toBe(0);
    now = 30_000;
    expect(l.blockedFor('k')).toBe(30);
    now = 60_000;
    expect(l.blockedFor('k')).toBe(0);
    l.fail('k');
    l.succeed('k');
    expect(l.blockedFor('k')).toBe(0);
  });
});
