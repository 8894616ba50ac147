/*
 * Issue #13 bug 10: the camera permission denied. The party's phone page must say what
 * is wrong and how to fix it, and still join with sound only: Chromium without the
 * fake-UI flag (no automatic "allow"), the microphone granted, the camera not.
 * The kiosk's device check says the camera is not allowed (not "no camera").
 * Screenshots: test-output/screenshots/dayone-camera-denied-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { enrolDeviceByApi, seedKioskFixture, type KioskFixture } from './support/kiosk';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { CHROMIUM_ARGS, Participant, eventually, launchChromium } from './support/browser';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

let server: TestServer;
let browser: Browser;
let denying: Browser;
let fx: KioskFixture;
let mediator: Participant;
let context: BrowserContext;

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser, denying] = await Promise.all([startTestServer(), launchChromium(), launchChromium(CHROMIUM_ARGS.filter((a) => a !== '--use-fake-ui-for-media-stream'))]);
  fx = await seedKioskFixture(server);
  const token = await server.token(fx.roomId, 'mediator', fx.staff.mediator.displayName, `staff-${fx.staff.mediator.id}`);
  mediator = await Participant.open(browser, 'mediator', `${server.url}/room/${fx.roomId}#token=${token}&session=${fx.sessionId}`);
  await mediator.waitForState('joined');
}, 180_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await mediator?.close();
  await denying?.close();
  await browser?.close();
  await server?.stop();
});

describe('camera permission denied on the party phone (real Chromium)', () => {
  it('says the camera is not allowed and how to allow it, and joins with sound only: the mediator hears the party', async () => {
    context = await denying.newContext({ viewport: { width: 390, height: 800 }, locale: 'zh-CN' });
    await context.grantPermissions(['microphone'], { origin: server.url });
    const page = await context.newPage();
    const peerId = `party-${fx.parties.a.id}`;
    const token = await server.token(fx.roomId, 'party', fx.parties.a.name, peerId, { autoAdmit: false });
    await page.goto(`${server.url}/room/${fx.roomId}#token=${token}`);
    await page.waitForFunction(() => globalThis.__shuoshi?.client?.admission === 'waiting', undefined, { timeout: 20_000 });
    await mediator.runWith((id) => globalThis.__shuoshi!.client!.admit(id), peerId);
    // the page explains, in words, what is wrong and what to do
    const note = page.getByTestId('media-note');
    await note.waitFor({ timeout: 15_000 });
    const text = (await note.textContent())!;
    expect(text).toContain('摄像头');
    expect(text).toMatch(/允许|设置/);
    expect(text).toContain('声音');
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'dayone-camera-denied-phone.png'), fullPage: true });
    // sound only: the mediator receives the party's audio
    await eventually(async () => (await mediator.from(peerId)).audioBytes > 0, 20_000, 'the mediator to hear the party', () => mediator.inbound());
  });

  it('the kiosk device check says the camera is not allowed, not that there is none, and offers sound only', async () => {
    const d = await enrolDeviceByApi(server.url, fx, '没有摄像头权限的电脑');
    const kiosk = await denying.newContext({ viewport: { width: 1024, height: 768 }, locale: 'zh-CN' });
    try {
      await kiosk.grantPermissions(['microphone'], { origin: server.url });
      await kiosk.addInitScript({ content: `localStorage.setItem('shuoshi.device', ${JSON.stringify(d.stored)}); localStorage.removeItem('shuoshi.locale');` });
      const page = await kiosk.newPage();
      await page.goto(`${server.url}/kiosk`);
      await page.locator(`.k-session[data-session-id="${fx.sessionId}"]`).getByRole('button').click();
      const note = page.getByTestId('kiosk-no-camera');
      await note.waitFor({ timeout: 15_000 });
      const text = (await note.textContent())!;
      expect(text).toContain('没有被允许');
      expect(text).not.toContain('没有找到');
      expect(text).toContain('声音');
      // 1024×768: the join button is on screen without scrolling
      const join = (await page.getByRole('button', { name: '好了，进入调解' }).boundingBox())!;
      expect(join.y + join.height).toBeLessThanOrEqual(768);
      await page.screenshot({ path: path.join(SHOTS, 'dayone-camera-denied-kiosk.png') });
    } finally {
      await kiosk.close();
    }
  });
});
