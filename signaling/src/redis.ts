import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** A Redis connection that fails fast at start-up instead of retrying forever. */
export async function connectRedis(url: string, log: Logger, name: string): Promise<Redis> {
  const redis = new Redis(url, {
    connectionName: `shuoshi-${name}`,
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  });
  redis.on('error', (err) => log.warn({ err: err.message, redis: name }, 'redis connection error'));
  await redis.connect();
  return redis;
}
