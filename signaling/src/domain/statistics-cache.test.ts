import { describe, expect, it } from 'vitest';
import { StatisticsCache } from './statistics-cache';

describe('StatisticsCache', () => {
  it('shares one computation, keeps it for the TTL, and drops everything on a write', async () => {
    let now = 0;
    let computed = 0;
    const cache = new StatisticsCache<number>(1000, () => now);
    const compute = async () => ++computed;
    expect(await Promise.all([cache.get('a', compute), cache.get('a', compute)])).toEqual([1, 1]);
    now = 999;
    expect(await cache.get('a', compute)).toBe(1);
    expect(await cache.get('b', compute)).toBe(2);
    now = 1000;
    expect(await cache.get('a', compute)).toBe(3);
    cache.invalidate();
    expect(await cache.get('a', compute)).toBe(4);
  });

  it('forgets a failed computation, and computes every time with TTL 0', async () => {
    const cache = new StatisticsCache<number>(1000, () => 0);
    await expect(cache.get('a', async () => Promise.reject(new Error('db down')))).rejects.toThrow('db down');
    expect(await cache.get('a', async () => 7)).toBe(7);
    let n = 0;
    const off = new StatisticsCache<number>(0, () => 0);
    await off.get('a', async () => ++n);
    await off.get('a', async () => ++n);
    expect(n).toBe(2);
  });
});
