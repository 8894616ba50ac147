import type { FastifyInstance } from 'fastify';

export interface HealthResult {
  ok: boolean;
  [detail: string]: unknown;
}

/** A named component check; it throws or returns ok: false when the component is down. */
export interface HealthCheck {
  name: string;
  check(): Promise<HealthResult>;
}

const CHECK_TIMEOUT_MS = 2_000;

async function runCheck(c: HealthCheck): Promise<HealthResult> {
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    const r = await Promise.race([c.check(), timeout]);
    return { ...r, latencyMs: Math.round(performance.now() - t0) };
  } catch (err) {
    return { ok: false, error: (err as Error).message, latencyMs: Math.round(performance.now() - t0) };
  } finally {
    clearTimeout(timer);
  }
}

/** GET /health: every component's state; 200 when all are up, 503 otherwise. */
export async function healthRoutes(app: FastifyInstance, opts: { checks: HealthCheck[] }): Promise<void> {
  app.get('/health', { logLevel: 'warn' }, async (_req, reply) => {
    const results = await Promise.all(opts.checks.map(async (c) => [c.name, await runCheck(c)] as const));
    const components = Object.fromEntries(results);
    const ok = results.every(([, r]) => r.ok);
    return reply.status(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', components });
  });
}
