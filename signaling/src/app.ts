import fs from 'node:fs';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyError } from 'fastify';
import type { Logger } from 'pino';
import type { TrustProxy } from './config';
import { AppError, type ErrorBody } from './errors';
import { healthRoutes, type HealthCheck } from './routes/health';
import { securityHeaders } from './plugins/security-headers';
import { webStatic } from './plugins/web-static';

export interface AppOptions {
  logger: Logger;
  webDist: string;
  healthChecks: HealthCheck[];
  /**
   * Proxies whose X-Forwarded-For is believed (config TRUST_PROXY). Default none: req.ip
   * is the socket's peer, so a forged header neither resets a rate limit nor lands in
   * audit_logs.ip.
   */
  trustProxy?: TrustProxy;
  /** The other nodes of this deployment a page may connect its signalling to (several nodes without one address in front). */
  nodeOrigins?: () => string[];
  /** Extra route plugins (API areas) registered under the app. */
  plugins?: Array<(app: FastifyInstance) => Promise<void> | void>;
}

/** Builds the HTTP application: error handling, health, API routes and the web client. */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: opts.logger as FastifyBaseLogger,
    trustProxy: fastifyTrustProxy(opts.trustProxy ?? false),
    bodyLimit: 2 * 1024 * 1024,
    // A field the schema does not know is a client error (400), not silently dropped.
    ajv: { customOptions: { removeAdditional: false } },
  });

  app.setErrorHandler<FastifyError | AppError>((err, req, reply) => {
    let status: number;
    let body: ErrorBody;
    if (err instanceof AppError) {
      status = err.statusCode;
      body = { error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } };
    } else if (err.validation) {
      status = 400;
      body = { error: { code: 'VALIDATION_FAILED', message: err.message, details: err.validation } };
    } else if (err.statusCode && err.statusCode < 500) {
      status = err.statusCode;
      body = { error: { code: err.code ?? 'BAD_REQUEST', message: err.message } };
    } else {
      // 5xx: log everything, tell the client nothing internal.
      req.log.error({ err }, 'request failed');
      status = 500;
      body = { error: { code: 'INTERNAL', message: 'internal server error' } };
    }
    void reply.status(status).send(body);
  });

  // before every route: helmet's onRoute hook reads each route's own `helmet` option
  await securityHeaders(app, opts.nodeOrigins);
  await app.register(healthRoutes, { checks: opts.healthChecks });
  for (const plugin of opts.plugins ?? []) await app.register(async (scope) => plugin(scope));

  if (fs.existsSync(opts.webDist)) await app.register(webStatic, { root: opts.webDist });
  else opts.logger.warn({ webDist: opts.webDist }, 'web client not built: run `npm run build:web`');

  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route for ${req.method} ${req.url.split('?')[0]}` } } satisfies ErrorBody);
  });
  return app;
}

/** A hop count as the function Fastify's types accept (what it does with a number: trust the nearest `hops` addresses). */
function fastifyTrustProxy(t: TrustProxy): boolean | string[] | ((addr: string, hop: number) => boolean) {
  return typeof t === 'number' ? (_addr, hop) => hop < t : t;
}
