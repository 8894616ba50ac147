import type { FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';

/**
 * OpenAPI from the routes' TypeBox schemas: the document at /docs/json, the
 * Swagger UI at /docs. Register before the routes (it collects them as they are added).
 */
export async function docsPlugin(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    // A route that takes raw bytes (config.rawBody: its content types) validates no body
    // schema; the document still shows a binary request body with those types.
    transform: ({ schema, url, route }) => {
      const raw = route.config?.rawBody;
      if (!raw || !schema) return { schema, url };
      return { schema: { ...schema, body: { type: 'string', format: 'binary' }, consumes: raw }, url };
    },
    openapi: {
      openapi: '3.0.3',
      info: {
        title: '说事 Shuoshi API',
        version: '1.0.0',
        description:
          'Three-tier dispute resolution (county → township → village): organisation, parties, cases, sessions, outcomes, follow-ups, consultations, statistics and audit. ' +
          'Errors are `{ "error": { "code", "message" } }`; every 403 names its reason code. See docs/api.md.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'staff access token, party token, or talk-room device credential (shd_…)' } } },
      tags: [
        { name: 'auth' }, { name: 'devices' }, { name: 'organisation' }, { name: 'parties' }, { name: 'cases' }, { name: 'sessions' },
        { name: 'outcomes' }, { name: 'follow-ups' }, { name: 'consultations' }, { name: 'statistics' }, { name: 'audit' },
      ],
    },
  });
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: { docExpansion: 'list', deepLinking: true },
    // Swagger UI adds <style> elements: its pages (only) allow inline styles; scripts stay 'self' (plugins/security-headers.ts)
    transformStaticCSP: (header) => header.replace(/style-src 'self'(?=;|$)/, "style-src 'self' 'unsafe-inline'"),
  });
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The content types of a route whose body is raw bytes (shown in /docs, not validated). */
    rawBody?: readonly string[];
  }
}
