/*
 * Issue #13 bug 5: the party's phone room page was 444 px wide on a 390 px phone (tiles,
 * the consent text and 举手 cut off). A party's page must fit every phone from 360 px:
 * plain Chromium windows 360, 390 and 414 px wide (no mobile emulation, which would hide
 * overflow), checked with document.documentElement.scrollWidth <= innerWidth in the
 * lobby, in the room beside the mediator, and with the recording-consent question open.
 * Screenshots: test-output/screenshots/dayone-phone-<width>-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedEvidenceFixture, type EvidenceFixture } from './recording/fixture';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { Participant, eventually, launchChromium } from './support/browser';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'screenshots');
const WIDTHS = [360, 390, 414] as const;

let server: TestServer;
let browser: Browser;
let fx: EvidenceFixture;
let mediator: Participant;
const contexts: BrowserContext[] = [];

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `dayone-${name}.png`), fullPage: true });
}

/** How wide the page is against its window, and what sticks out on the right. */
function overflow(page: Page) {
  return page.evaluate(() => {
    type El = { tagName: string; getAttribute(n: string): string | null; getBoundingClientRect(): { right: number } };
    const d = (globalThis as unknown as { document: { documentElement: { scrollWidth: number }; querySelectorAll(s: string): ArrayLike<El> } }).document;
    const w = (globalThis as unknown as { innerWidth: number }).innerWidth;
    const wide = Array.from(d.querySelectorAll('body *'))
      .filter((e) => e.getBoundingClientRect().right > w + 0.5)
      .slice(0, 6)
      .map((e) => `${e.tagName.toLowerCase()}.${(e.getAttribute('class') ?? '').split(' ')[0]}[${Math.round(e.getBoundingClientRect().right)}]`);
    return { scrollWidth: d.documentElement.scrollWidth, innerWidth: w, wide };
  });
}

async function fits(page: Page, what: string): Promise<void> {
  const o = await overflow(page);
  expect(o.scrollWidth, `${what}: ${JSON.stringify(o)}`).toBeLessThanOrEqual(o.innerWidth);
}

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  fx = await seedEvidenceFixture(server.db.prisma);
  const mediatorId = `staff-${fx.staff.mediator.id}`;
  const token = await server.token(fx.roomId, 'mediator', fx.staff.mediator.displayName, mediatorId);
  mediator = await Participant.open(browser, 'mediator', `${server.url}/room/${fx.roomId}#token=${token}&session=${fx.sessionId}`);
  await mediator.waitForState('joined');
}, 180_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await mediator?.close();
  await browser?.close();
  await server?.stop();
});

describe('the party room page on a phone, 360 to 414 px (real Chromium)', () => {
  const phones = new Map<number, Page>();

  it('lobby and room fit 360, 390 and 414 px windows', async () => {
    for (const width of WIDTHS) {
      const context = await browser.newContext({ viewport: { width, height: 780 }, locale: 'zh-CN' });
      contexts.push(context);
      const page = await context.newPage();
      // the invite-code page the party opens first
      await page.goto(`${server.url}/join?s=${fx.sessionId}`);
      await page.getByRole('button').first().waitFor({ timeout: 15_000 });
      await shot(page, `phone-${width}-join`);
      await fits(page, `${width} px /join`);
      const peerId = `phone-${width}`;
      const token = await server.token(fx.roomId, 'party', `刘大山${width}`, peerId, { autoAdmit: false });
      await page.goto(`${server.url}/room/${fx.roomId}#token=${token}`);
      await page.waitForFunction(() => globalThis.__shuoshi?.client?.admission === 'waiting', undefined, { timeout: 20_000 });
      await page.getByText(/请稍候|等待/).first().waitFor({ timeout: 10_000 });
      await shot(page, `phone-${width}-lobby`);
      await fits(page, `${width} px lobby`);
      await mediator.runWith((id) => globalThis.__shuoshi!.client!.admit(id), peerId);
      await page.waitForFunction(() => globalThis.__shuoshi?.client?.admission === 'admitted', undefined, { timeout: 20_000 });
      await page.locator(`figure[data-peer-id="staff-${fx.staff.mediator.id}"]`).waitFor({ timeout: 15_000 });
      phones.set(width, page);
    }
    for (const [width, page] of phones) {
      await eventually(async () => (await page.locator('figure[data-peer-id]').count()) >= 2, 15_000, `${width}: the tiles`);
      await shot(page, `phone-${width}-room`);
      await fits(page, `${width} px room`);
      const hand = page.getByRole('button', { name: '举手' });
      await hand.scrollIntoViewIfNeeded();
      const box = (await hand.boundingBox())!;
      expect(box.x + box.width, `${width}: 举手 inside the window`).toBeLessThanOrEqual(width);
    }
  });

  it('the recording-consent question fits too, its buttons inside the window', async () => {
    await mediator.page.getByRole('button', { name: '开始录音录像' }).click();
    for (const [width, page] of phones) {
      const prompt = page.getByTestId('consent-prompt');
      await prompt.waitFor({ timeout: 15_000 });
      await shot(page, `phone-${width}-consent`);
      await fits(page, `${width} px consent`);
      const agree = prompt.getByRole('button', { name: '同意', exact: true });
      const box = (await agree.boundingBox())!;
      expect(box.x + box.width, `${width}: 同意 inside the window`).toBeLessThanOrEqual(width);
    }
  });
});
