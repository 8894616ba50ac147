import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/**
 * A Redis connection that fails fast at start-up instead of retrying forever. Its name
 * (CLIENT SETNAME, sent again on every reconnect) is `shuoshi-<name>`, or `connectionName`:
 * the room directory names a node's connection so that the others can tell it is alive.
 */
export async function connectRedis(url: string, log: Logger, name: string, connectionName = `shuoshi-${name}`): Promise<Redis> {
  const redis = new Redis(url, {
    connectionName,
    lazyConnect: true,
    maxRetriesPerRequest: 3,
    retryStrategy: (times) => Math.min(times * 200, 5_000),
  });
  redis.on('error', (err) => log.warn({ err: err.message, redis: name }, 'redis connection error'));
  await redis.connect();
  return redis;
}
