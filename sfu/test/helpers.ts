import { pino, type Logger } from 'pino';

/** Silent unless SFU_TEST_LOG=debug|info|... is set. */
export function testLogger(): Logger {
  return pino({ level: process.env['SFU_TEST_LOG'] ?? 'silent' });
}

/** Resolves with the arguments of the next `event`, or rejects after `timeoutMs`. */
export function nextEvent<A extends unknown[]>(
  emitter: { once(event: string, listener: (...args: A) => void): unknown },
  event: string,
  timeoutMs = 10_000,
): Promise<A> {
  return new Promise<A>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no '${event}' within ${timeoutMs} ms`)), timeoutMs);
    emitter.once(event, (...args: A) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
}

/** Polls `check` until it returns a truthy value, or throws after `timeoutMs`. */
export async function waitUntil<T>(check: () => T | Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
