/**
 * Issue #13: a villager waits in the consultation queue at the village kiosk (1024×768)
 * and the only lawyer on duty switches off at the desk (staff, 1280×800): the kiosk says
 * in words that no lawyer is on duty now and when a lawyer will call back, instead of
 * waiting for nobody. Screenshot: test-output/screenshots/room13-kiosk-no-lawyer.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@shuoshi/db';
import { eventually, launchChromium } from './support/browser';
import { enrolDeviceByApi, seedKioskFixture, type KioskFixture } from './support/kiosk';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { signInThroughPage } from './support/console-pages';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'screenshots');
const PASSWORD = 'last-lawyer-pw';

let server: TestServer;
let browser: Browser;
let fx: KioskFixture;
const contexts: BrowserContext[] = [];

async function newPage(viewport: { width: number; height: number }, init?: string): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  contexts.push(context);
  if (init) await context.addInitScript({ content: init });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[page error]', err));
  return page;
}

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  fx = await seedKioskFixture(server);
  await server.db.prisma.staffAccount.create({ data: { username: 'lawyer.last', displayName: '陈律师', role: 'COUNTY_LEGAL_ADVISOR', countyId: fx.countyId, passwordHash: await hashPassword(PASSWORD) } });
}, 120_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('the last lawyer leaves while a villager waits (issue #13)', () => {
  it('the kiosk is told, in words, that no lawyer is on duty now and when a lawyer will call back', async () => {
    const desk = await newPage({ width: 1280, height: 800 });
    await signInThroughPage(desk, server.url, 'lawyer.last', PASSWORD);
    expect(new URL(desk.url()).pathname).toBe('/lawyer');
    const duty = desk.getByRole('switch');
    await eventually(async () => (await duty.isEnabled()) && (await duty.getAttribute('aria-checked')) === 'false', 15_000, 'the duty switch');
    await duty.click();
    await eventually(async () => (await duty.getAttribute('aria-checked')) === 'true', 15_000, 'on duty');

    const device = await enrolDeviceByApi(server.url, fx, '咨询台');
    const kiosk = await newPage({ width: 1024, height: 768 }, `localStorage.setItem('shuoshi.device', ${JSON.stringify(device.stored)}); localStorage.removeItem('shuoshi.locale');`);
    await kiosk.goto(`${server.url}/kiosk`);
    await kiosk.getByRole('button', { name: '法律咨询' }).click();
    await kiosk.getByRole('button', { name: '邻里纠纷' }).click();
    const waiting = kiosk.getByTestId('kiosk-consult-waiting');
    await waiting.waitFor();
    await eventually(async () => (await waiting.getAttribute('data-status')) === 'QUEUED' && (await waiting.getAttribute('data-link')) === 'live', 15_000, 'waiting in the queue, live');
    await kiosk.getByTestId('kiosk-queue-position').waitFor();

    // the lawyer goes off duty at the desk: nobody is left to answer
    await duty.click();
    await eventually(async () => (await duty.getAttribute('aria-checked')) === 'false', 15_000, 'off duty');

    const told = kiosk.getByTestId('kiosk-callback');
    await told.waitFor({ timeout: 20_000 });
    const row = await server.db.prisma.consultation.findFirstOrThrow({ where: { talkRoomId: fx.talkRoomId } });
    expect(row).toMatchObject({ status: 'CALLBACK_SCHEDULED', callbackReason: 'NO_LAWYER_ON_DUTY' });
    const at = row.callbackAt!;
    const china = new Date(at.getTime() + 8 * 3_600_000);
    const text = await told.textContent();
    expect(text).toContain('值班律师已经下班了，现在没有律师能接听。');
    expect(text).toContain(`律师会在 ${String(china.getUTCHours()).padStart(2, '0')}:${String(china.getUTCMinutes()).padStart(2, '0')}`);
    expect(await kiosk.getByTestId('kiosk-queue-position').count()).toBe(0);
    fs.mkdirSync(SHOTS, { recursive: true });
    await kiosk.screenshot({ path: path.join(SHOTS, 'room13-kiosk-no-lawyer.png') });
  }, 120_000);
});
