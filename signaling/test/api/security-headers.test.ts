import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app';
import { docGrantUrl } from '../../src/documents/access';
import { createLogger } from '../../src/logger';
import { AUTH_SECRET, PNG_1x1, mode, startApiTest, type ApiTest } from './helpers';

/** The CSP header as directive → sources. */
function csp(header: unknown): Map<string, string[]> {
  expect(typeof header, 'content-security-policy header').toBe('string');
  return new Map(
    String(header)
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

/**
 * Issue #12 item 11: security headers (@fastify/helmet) on the web client's pages,
 * where tokens sit in localStorage, and on the API. Real Chromium checks that the
 * built app works under this policy: security-headers.browser.test.ts.
 */
describe('security headers on the web pages', () => {
  let app: FastifyInstance;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-web-'));
    for (const f of ['index.html', 'kiosk.html']) fs.writeFileSync(path.join(dir, f), `<!doctype html><title>${f}</title>`);
    app = await buildApp({ logger: createLogger('silent'), webDist: dir, healthChecks: [] });
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const url of ['/', '/kiosk', '/join', '/room/r-1', '/login', '/api/nowhere']) {
    it(`${url}: strict CSP, no framing, no referrer, nosniff`, async () => {
      const r = await app.inject({ method: 'GET', url });
      const p = csp(r.headers['content-security-policy']);
      expect(p.get('script-src')).toEqual(["'self'"]);
      expect(p.get('script-src-attr')).toEqual(["'none'"]);
      expect(p.get('object-src')).toEqual(["'none'"]);
      expect(p.get('frame-ancestors')).toEqual(["'none'"]);
      expect(p.get('default-src')).toEqual(["'self'"]);
      expect(p.get('base-uri')).toEqual(["'self'"]);
      expect(p.get('connect-src')).toEqual(["'self'"]);
      expect([...p.values()].flat()).not.toContain("'unsafe-eval'");
      expect(p.get('style-src')).not.toContain("'unsafe-inline'");
      expect(p.has('upgrade-insecure-requests')).toBe(false);
      expect(r.headers['x-frame-options']).toBe('DENY');
      expect(r.headers['referrer-policy']).toBe('no-referrer');
      expect(r.headers['x-content-type-options']).toBe('nosniff');
    });
  }
});

describe(`a case document may be framed by our own pages only (${mode})`, () => {
  let t: ApiTest;
  beforeAll(async () => {
    t = await startApiTest();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('GET /api/documents/:id/content: frame-ancestors self, SAMEORIGIN, no-referrer, nosniff', async () => {
    const mediator = await t.token('mediator1');
    const caseId = (
      await t.call('POST', '/api/cases', { token: mediator, body: { category: 'OTHER', intakeChannel: 'WALK_IN', description: '文书', parties: [{ partyId: t.org.parties.p1, side: 'A' }] } })
    ).body.id;
    const s = await t.call('POST', '/api/sessions', { token: mediator, body: { kind: 'MEDIATION', caseId } });
    const up = await t.app.inject({
      method: 'POST',
      url: `/api/sessions/${s.body.id}/documents`,
      query: { name: 'a.png' },
      headers: { authorization: `Bearer ${mediator}`, 'content-type': 'image/png' },
      payload: Buffer.from(PNG_1x1, 'base64'),
    });
    const r = await t.app.inject({ method: 'GET', url: docGrantUrl(AUTH_SECRET, up.json().id, { roomId: s.body.roomId, peerId: 'p', role: 'party' }) });
    expect(r.statusCode).toBe(200);
    expect(csp(r.headers['content-security-policy']).get('frame-ancestors')).toEqual(["'self'"]);
    expect(r.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
  });
});
