import type { FastifyInstance } from 'fastify';
import helmet, { type FastifyHelmetOptions } from '@fastify/helmet';

/**
 * Security headers on every response, by @fastify/helmet (the maintained Fastify
 * plugin of helmet; no hand-written headers). Staff and party tokens sit in
 * localStorage, so the Content-Security-Policy is what keeps injected script out:
 *
 * - scripts: our own files only (Vite emits module scripts and modulepreload links, no
 *   inline script); no inline event handlers, no eval; no plugins (object-src 'none').
 * - styles: our own stylesheets; style *attributes* are allowed (echarts writes its
 *   tooltips and SVG labels with inline style attributes; React sets styles through the
 *   DOM, which CSP does not govern), `<style>` elements are not.
 * - images and media: our origin, `data:` (the signature pad's PNG, echarts) and
 *   `blob:` (local camera previews, CSV downloads).
 * - connections: our origin (REST and socket.io; CSP 3 lets 'self' cover ws/wss to the
 *   same host). WebRTC media is not governed by CSP.
 * - frames: only our own pages may frame (the room's document viewer shows a PDF from
 *   /api/documents/:id/content in an iframe: that route relaxes frame-ancestors to
 *   'self', see DOCUMENT_FRAME_HEADERS); nobody may frame our pages.
 * - no upgrade-insecure-requests: a village deployment may be served over plain http
 *   on its LAN address, where upgrading would break every request.
 * Referrer-Policy no-referrer keeps grant links (`?access=`) and codes out of Referer.
 */
export const CONTENT_SECURITY_POLICY = {
  useDefaults: false,
  directives: {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'"],
    'style-src-attr': ["'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'media-src': ["'self'", 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'worker-src': ["'self'", 'blob:'],
    'frame-src': ["'self'"],
    'object-src': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  },
} as const;

const OPTIONS: FastifyHelmetOptions = {
  global: true,
  contentSecurityPolicy: CONTENT_SECURITY_POLICY,
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  // cross-origin isolation would need every embedded resource to opt in; not needed
  crossOriginEmbedderPolicy: false,
};

/**
 * For a route whose response our own pages show in an iframe (a case document in the
 * live room's viewer): framed by our origin only, and otherwise only `default-src
 * 'self'` (Chromium shows a PDF through an embed of the same URL, which `object-src
 * 'none'` would blank).
 */
export const DOCUMENT_FRAME_HEADERS = {
  contentSecurityPolicy: { useDefaults: false, directives: { 'default-src': ["'self'"], 'frame-ancestors': ["'self'"] } },
  frameguard: { action: 'sameorigin' },
} satisfies FastifyHelmetOptions;

/**
 * The printable agreement page (GET /api/outcomes/:id/agreement.html): a static
 * document with its own `<style>` and the signatures as data: images, and no script.
 */
export const AGREEMENT_PAGE_HEADERS = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: { 'default-src': ["'none'"], 'style-src': ["'unsafe-inline'"], 'img-src': ['data:'], 'base-uri': ["'none'"], 'form-action': ["'none'"], 'frame-ancestors': ["'self'"] },
  },
  frameguard: { action: 'sameorigin' },
} satisfies FastifyHelmetOptions;

/**
 * `nodeOrigins`: with several nodes reached at their own addresses (no load balancer in
 * front), a page follows its room to another node (ROOM_ELSEWHERE): connect-src also names
 * the deployment's live nodes (http and ws of each), read from the room directory.
 */
export async function securityHeaders(app: FastifyInstance, nodeOrigins?: () => string[]): Promise<void> {
  if (!nodeOrigins) return void (await app.register(helmet, OPTIONS));
  const connect = () => [...new Set(nodeOrigins().flatMap((o) => [o, o.replace(/^http/, 'ws')]))].join(' ') || "'self'";
  const csp = { ...CONTENT_SECURITY_POLICY, directives: { ...CONTENT_SECURITY_POLICY.directives, 'connect-src': ["'self'", connect] } };
  await app.register(helmet, { ...OPTIONS, contentSecurityPolicy: csp });
}
