import type { Redis } from 'ioredis';
import type { FastifyInstance } from 'fastify';
import type { Database, PrismaClient } from '@shuoshi/db';
import { authRoutes } from '../api/auth';
import { caseRoutes } from '../api/cases';
import { consultationRoutes } from '../api/consultations';
import { dutyRoutes } from '../api/duty';
import { organisationRoutes } from '../api/organisation';
import { orgAdminRoutes } from '../api/org-admin';
import { outcomeRoutes } from '../api/outcomes';
import { reportRoutes } from '../api/reports';
import { ErrorBody } from '../api/schemas';
import { sessionRoutes } from '../api/sessions';
import { notesRoutes } from '../api/notes';
import { documentRoutes } from '../api/documents';
import { createApiDeps, type ApiDeps } from '../domain/context';
import { installAuthentication } from './authenticate';
import { docsPlugin } from './docs';
import { liveKitTokenRoutes } from '../livekit/token-route';
import type { LiveKitConfig } from '../livekit/config';

export interface ApiPluginOptions {
  prisma: PrismaClient;
  /** With Redis, attempt limits are shared by every node. */
  redis?: Redis | undefined;
  /** Names this deployment's keys in a shared Redis. */
  redisNamespace?: string | undefined;
  /** The pool under `prisma` (Database.pool): the case list and statistics run on it directly. */
  pool?: Database['pool'];
  authSecret: string;
  /** Signature images go to <dataDir>/signatures. */
  dataDir: string;
  /** Tests move the clock. */
  now?: () => Date;
  /** Serve /docs (default true). */
  docs?: boolean;
  /** How long computed statistics are reused (default 30 s; 0 = always compute). */
  statisticsCacheMs?: number;
  /** CONSULT_QUEUE_TIMEOUT_S (default 300). */
  consultQueueTimeoutS?: number;
  lawyerOfflineGraceMs?: number;
  /** LiveKit tokens for sessions (POST /api/sessions/:id/livekit-token); absent: that route answers LIVEKIT_OFF. */
  livekit?: LiveKitConfig | undefined;
}

/**
 * The REST API as one plugin for buildApp's `plugins` option: OpenAPI docs at /docs,
 * authentication, and every area under /api. Returns the services it built (tests
 * reach the clock and limits through them).
 */
export function apiPlugin(opts: ApiPluginOptions): { plugin: (app: FastifyInstance) => Promise<void>; deps: ApiDeps } {
  const deps = createApiDeps(opts);
  const plugin = async (app: FastifyInstance) => {
    if (opts.docs !== false) await docsPlugin(app);
    app.addSchema(ErrorBody);
    await app.register(
      async (api) => {
        installAuthentication(api, deps);
        // any successful write may change the statistics
        api.addHook('onResponse', async (req, reply) => {
          if (req.method !== 'GET' && req.method !== 'HEAD' && reply.statusCode < 400) deps.statistics.invalidate();
        });
        for (const routes of [authRoutes, organisationRoutes, orgAdminRoutes, caseRoutes, sessionRoutes, notesRoutes, outcomeRoutes, consultationRoutes, dutyRoutes, reportRoutes, documentRoutes]) {
          await api.register(routes, { deps });
        }
        await api.register(liveKitTokenRoutes, { deps, livekit: opts.livekit });
      },
      { prefix: '/api' },
    );
  };
  return { plugin, deps };
}
