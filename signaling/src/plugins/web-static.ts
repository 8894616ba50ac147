import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';

const API_PREFIXES = ['/api/', '/socket.io/', '/docs', '/health'];

/**
 * Serves the built React client; unknown GET paths fall back to index.html (client-side
 * routes), except /kiosk and /kiosk/* which get the village kiosk's own entry
 * (kiosk.html, a smaller bundle for weak links). Assets are sent pre-compressed
 * (.br / .gz written by the build) to browsers that accept it.
 */
export async function webStatic(app: FastifyInstance, opts: { root: string }): Promise<void> {
  await app.register(fastifyStatic, {
    root: opts.root,
    wildcard: false,
    preCompressed: true,
    // Hashed assets can be cached for long; index.html must always be revalidated.
    setHeaders(res, file) {
      res.header('cache-control', file.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  app.get('/*', (req, reply) => {
    const url = req.url.split('?')[0] ?? '/';
    if (API_PREFIXES.some((p) => url.startsWith(p))) {
      return reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route for GET ${url}` } });
    }
    if (url === '/kiosk' || url.startsWith('/kiosk/')) return reply.sendFile('kiosk.html');
    return reply.sendFile('index.html');
  });
}
