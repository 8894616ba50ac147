/**
 * Issue #12 item 11 in real Chromium: the built web app works under the server's
 * Content-Security-Policy (signaling/src/plugins/security-headers.ts). Every page of
 * the check listens for `securitypolicyviolation` from its first script and for
 * Chromium's CSP console errors; the test fails on any. Covered: the staff app (sign-in
 * and the dashboard's echarts SVG charts), /kiosk (enrolled, its session list), /join,
 * a live /room page with camera and microphone, and the room's document viewer
 * framing a PDF and showing an image from /api/documents/:id/content.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hashPassword } from '@shuoshi/db';
import { issueAccessToken } from '../src/auth/tokens';
import { staffPrincipal } from '../src/auth/staff-sign-in';
import { Participant, eventually, launchChromium } from './support/browser';
import { enrolDeviceByApi, seedKioskFixture, type KioskFixture } from './support/kiosk';
import { signalRequest } from './support/signal-request';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';

interface Violation {
  page: string;
  what: string;
}

const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe('the web app under the Content-Security-Policy (real Chromium)', () => {
  let server: TestServer;
  let browser: Browser;
  let fx: KioskFixture;
  const contexts: BrowserContext[] = [];
  const violations: Violation[] = [];

  /** Records CSP violations of a page: the DOM event (from before any app script) and Chromium's console errors. */
  async function watch(context: BrowserContext, name: string): Promise<void> {
    await context.exposeBinding('__cspViolation', (_source, what: string) => void violations.push({ page: name, what }));
    await context.addInitScript({
      content: `document.addEventListener('securitypolicyviolation', (e) => void globalThis.__cspViolation(e.violatedDirective + ' blocked ' + e.blockedURI + ' at ' + e.sourceFile + ':' + e.lineNumber));`,
    });
    context.on('console', (msg) => {
      if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push({ page: name, what: msg.text() });
    });
  }
  async function page(name: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
    contexts.push(context);
    await watch(context, name);
    const p = await context.newPage();
    p.on('pageerror', (err) => console.error(`[${name}] page error`, err));
    return p;
  }
  const noViolations = (name: string) => expect(violations.filter((v) => v.page === name)).toEqual([]);

  beforeAll(async () => {
    ensureWebBuilt();
    [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
    fx = await seedKioskFixture(server);
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('the staff app: sign-in, case list and the dashboard with its echarts charts', async () => {
    await server.db.prisma.staffAccount.create({
      data: { username: 'admin.csp', displayName: '县管理员', role: 'COUNTY_ADMIN', countyId: fx.countyId, passwordHash: await hashPassword('csp-admin-pw') },
    });
    const p = await page('staff');
    const res = await p.goto(`${server.url}/`);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    await p.waitForURL(/\/login/);
    await p.getByLabel('用户名').fill('admin.csp');
    await p.getByLabel('密码').fill('csp-admin-pw');
    await p.getByRole('button', { name: '登录' }).click();
    await p.waitForURL((u) => !u.pathname.startsWith('/login'));
    await p.goto(`${server.url}/dashboard`);
    await p.locator('svg').first().waitFor({ timeout: 20_000 });
    await p.goto(`${server.url}/cases`);
    await p.waitForLoadState('networkidle');
    noViolations('staff');
  }, 60_000);

  it('/kiosk on an enrolled device lists its session', async () => {
    const { stored } = await enrolDeviceByApi(server.url, fx, 'CSP kiosk');
    const p = await page('kiosk');
    await p.context().addInitScript({ content: `localStorage.setItem('shuoshi.device', ${JSON.stringify(stored)});` });
    await p.goto(`${server.url}/kiosk`);
    await p.waitForLoadState('networkidle');
    await p.getByRole('button').first().waitFor({ timeout: 20_000 });
    noViolations('kiosk');
  }, 60_000);

  it('/join, the party\'s invite-code page', async () => {
    const p = await page('join');
    await p.goto(`${server.url}/join?s=${fx.sessionId}`);
    await p.locator('input').first().waitFor({ timeout: 20_000 });
    noViolations('join');
  }, 60_000);

  it('the API documentation (Swagger UI at /docs)', async () => {
    const p = await page('docs');
    await p.goto(`${server.url}/docs`);
    await p.locator('.swagger-ui .opblock').first().waitFor({ timeout: 20_000 });
    noViolations('docs');
  }, 60_000);

  it('an injected inline script does not run, and the watch above sees the refusal', async () => {
    const p = await page('injected');
    await p.goto(`${server.url}/join?s=${fx.sessionId}`);
    await p.locator('input').first().waitFor({ timeout: 20_000 });
    const ran = await p.evaluate(() => {
      const g = globalThis as unknown as { document: { createElement(t: string): { textContent: string }; head: { append(n: unknown): void } }; injected?: boolean };
      const el = g.document.createElement('script');
      el.textContent = 'globalThis.injected = true';
      g.document.head.append(el);
      return g.injected === true;
    });
    expect(ran).toBe(false);
    await eventually(async () => violations.some((v) => v.page === 'injected' && /script-src/.test(v.what)), 10_000, 'the script-src refusal', async () => violations);
  }, 60_000);

  it('a live /room page with media, and its document viewer framing a PDF and showing an image', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    await watch(context, 'room');
    const token = await server.token(fx.roomId, 'mediator', '调解员 李明', `staff-${fx.staff.mediator.id}`);
    const p = await context.newPage();
    await p.goto(`${server.url}/room/${fx.roomId}#token=${token}`);
    // Participant's helpers on this watched page (Participant.open makes its own, unwatched context)
    const mediator = Object.assign(Object.create(Participant.prototype) as Participant, { name: 'mediator', context, page: p });
    await mediator.waitForState('joined');

    const staffToken = (await issueAccessToken(server.config.authSecret, staffPrincipal(fx.staff.mediator))).token;
    const upload = async (bytes: Buffer, type: string, name: string) => {
      const r = await fetch(`${server.url}/api/sessions/${fx.sessionId}/documents?name=${encodeURIComponent(name)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${staffToken}`, 'content-type': type },
        body: bytes,
      });
      expect(r.status, await r.clone().text()).toBe(201);
      return ((await r.json()) as { id: string }).id;
    };
    const pdfId = await upload(PDF, 'application/pdf', '协议.pdf');
    expect(await signalRequest(mediator, 'doc:show', { documentId: pdfId })).toEqual({ ok: true, code: undefined });
    const frame = p.locator(`[data-testid="doc-viewer"][data-document-id="${pdfId}"] iframe`);
    await frame.waitFor({ timeout: 15_000 });
    // the frame loaded our document (not an error page for a blocked frame)
    await eventually(async () => p.frames().some((f) => f.url().includes(`/api/documents/${pdfId}/content`)), 10_000, 'the PDF frame');
    const pngId = await upload(PNG, 'image/png', '照片.png');
    expect(await signalRequest(mediator, 'doc:show', { documentId: pngId })).toEqual({ ok: true, code: undefined });
    const img = p.locator(`[data-testid="doc-viewer"][data-document-id="${pngId}"] img`);
    await img.waitFor({ timeout: 15_000 });
    await eventually(async () => img.evaluate((el) => (el as unknown as { complete: boolean; naturalWidth: number }).complete && (el as unknown as { naturalWidth: number }).naturalWidth > 0), 10_000, 'the image to load');
    await p.waitForTimeout(500); // a late frame-ancestors report arrives after the load event
    noViolations('room');
  }, 90_000);

  it('our pages cannot be framed by another origin (frame-ancestors none)', async () => {
    // another origin (another port) whose page frames the staff app's sign-in page
    const other = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(`<iframe src="${server.url}/login"></iframe>`));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const p = await page('framing');
      const served: number[] = [];
      p.context().on('response', (r) => {
        if (r.url() === `${server.url}/login`) served.push(r.status());
      });
      await p.goto(`http://127.0.0.1:${(other.address() as AddressInfo).port}/`);
      // the page was served, and Chromium refused to show it in the frame (its error page instead)
      await eventually(async () => served.includes(200) && p.frames().some((f) => f.url().startsWith('chrome-error://')), 10_000, 'the refused frame', async () => ({ served, frames: p.frames().map((f) => f.url()) }));
      expect(p.frames().some((f) => f.url().startsWith(server.url))).toBe(false);
    } finally {
      other.close();
    }
  }, 60_000);
});
