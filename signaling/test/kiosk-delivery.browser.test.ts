/**
 * The village kiosk's page against the real server: /kiosk serves the kiosk page
 * (pre-compressed assets), and the accessibility probe the kiosk tests rely on finds a
 * known violation. The kiosk's screens and flows, and its 1 Mbps join, are
 * kiosk.browser.test.ts.
 */
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from './support/browser';
import { axeViolations } from './support/kiosk';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe(`village kiosk page in real Chromium (${process.env.DATABASE_URL ? 'postgres' : 'embedded'})`, () => {
  it('the accessibility check itself finds a known violation (so an empty list means something)', async () => {
    const probe = await browser.newPage();
    await probe.setContent('<html lang="zh-CN"><body><main><img src="data:,"><button></button></main></body></html>');
    const found = (await axeViolations(probe, axePath)).map((v) => v.id);
    await probe.close();
    expect(found).toEqual(expect.arrayContaining(['image-alt', 'button-name']));
  });

  it('serves kiosk.html on /kiosk and /kiosk/*, the app elsewhere, assets pre-compressed', async () => {
    for (const url of ['/kiosk', '/kiosk/anything']) expect(await (await fetch(`${server.url}${url}`)).text()).toContain('村居说事拉理室');
    const app = await (await fetch(`${server.url}/room/x`)).text();
    expect(app).not.toContain('村居说事拉理室');
    const script = /src="(\/assets\/kiosk-[^"]+\.js)"/.exec(await (await fetch(`${server.url}/kiosk`)).text())?.[1];
    expect(script).toBeDefined();
    const gz = await fetch(`${server.url}${script}`, { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
  });

});
