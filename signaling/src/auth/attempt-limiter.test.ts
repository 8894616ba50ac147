import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { AttemptLimiter, RedisAttemptLimiter } from './attempt-limiter';

describe('AttemptLimiter (one node)', () => {
  it('blocks a key after max failures until the window ends', async () => {
    let now = 0;
    const l = new AttemptLimiter(3, 60_000, () => now);
    for (let i = 0; i < 2; i++) await l.fail('k');
    expect(await l.blockedFor('k')).toBe(0);
    await l.fail('k');
    expect(await l.blockedFor('k')).toBe(60);
    expect(await l.blockedFor('other')).toBe(0);
    now = 30_000;
    expect(await l.blockedFor('k')).toBe(30);
    now = 60_000;
    expect(await l.blockedFor('k')).toBe(0);
    await l.fail('k');
    await l.succeed('k');
    expect(await l.blockedFor('k')).toBe(0);
  });
});

const redisUrl = process.env.REDIS_URL;

describe.skipIf(!redisUrl)('RedisAttemptLimiter (shared by the nodes)', () => {
  const clients: Redis[] = [];
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('counts the failures of two nodes together; the window starts at the first failure; a success clears it', async () => {
    const prefix = `shuoshi:test:attempts:${process.pid}:${Date.now()}:`;
    const nodeA = new Redis(redisUrl!);
    const nodeB = new Redis(redisUrl!);
    clients.push(nodeA, nodeB);
    const a = new RedisAttemptLimiter(nodeA, prefix, 3, 2_000);
    const b = new RedisAttemptLimiter(nodeB, prefix, 3, 2_000);
    await a.fail('ip|user');
    await b.fail('ip|user');
    expect(await a.blockedFor('ip|user')).toBe(0);
    await a.fail('ip|user');
    expect(await b.blockedFor('ip|user')).toBe(2);
    expect(await b.blockedFor('ip|other')).toBe(0);
    // further failures do not push the window out
    await b.fail('ip|user');
    expect(await nodeA.pttl(`${prefix}ip|user`)).toBeLessThanOrEqual(2_000);
    await new Promise((r) => setTimeout(r, 2_100));
    expect(await a.blockedFor('ip|user')).toBe(0);
    await a.fail('ip|user');
    await b.succeed('ip|user');
    expect(await nodeA.exists(`${prefix}ip|user`)).toBe(0);
  });
});

describe('take: counts a try before it is judged, atomically', () => {
  it('lets exactly max of many parallel tries through (one node)', async () => {
    const l = new AttemptLimiter(5, 60_000, () => 0);
    const takes = await Promise.all(Array.from({ length: 40 }, () => l.take('k')));
    expect(takes.filter((x) => x.retryAfterS === 0)).toHaveLength(5);
    expect(takes.map((x) => x.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await l.blockedFor('k')).toBe(60);
  });

  it.skipIf(!redisUrl)('lets exactly max of many parallel tries through from two nodes (Redis)', async () => {
    const prefix = `shuoshi:test:take:${process.pid}:${Date.now()}:`;
    const nodeA = new Redis(redisUrl!);
    const nodeB = new Redis(redisUrl!);
    try {
      const a = new RedisAttemptLimiter(nodeA, prefix, 5, 60_000);
      const b = new RedisAttemptLimiter(nodeB, prefix, 5, 60_000);
      const takes = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).take('k')));
      expect(takes.filter((x) => x.retryAfterS === 0)).toHaveLength(5);
      expect(takes.every((x) => x.retryAfterS === 0 || (x.retryAfterS > 0 && x.retryAfterS <= 60))).toBe(true);
      await a.succeed('k');
    } finally {
      await Promise.all([nodeA.quit(), nodeB.quit()]);
    }
  });
});
