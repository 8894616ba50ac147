/*
 * Issue #13 bug 7, where the mediator meets it: the intake form (受理登记, 1280×800)
 * records each party's own village and address; the two sides of a dispute often live in
 * different villages, and the agreement must not give both the case's village. The case
 * file then shows each party's own 住址. Screenshot: test-output/screenshots/case13-intake-addresses.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext } from 'playwright-core';
import { seedCounty, type SeedCountyResult } from '@shuoshi/db';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { launchChromium } from './support/browser';
import { checkPage, openPage, signInThroughPage } from './support/console-pages';

const PASSWORD = 'intake-address-pw';
let server: TestServer;
let browser: Browser;
let county: SeedCountyResult;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  county = await seedCounty(server.db, { secret: server.config.authSecret, cases: 10, years: 1, consultationsPerYear: 5, password: PASSWORD });
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('intake records where each party lives', () => {
  it("each party's own village and address, typed at intake, are stored and shown in the case file", async () => {
    const mediator = county.accounts.find((a) => a.role === 'TOWNSHIP_MEDIATOR')!;
    const page = await openPage(browser, contexts, { viewport: { width: 1280, height: 800 } });
    await signInThroughPage(page, server.url, mediator.username, PASSWORD);
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '受理登记' }).click();
    await page.waitForURL(/\/cases\/new$/);

    const caseVillage = page.locator('select[name=villageId]');
    const villages = (await caseVillage.locator('option').evaluateAll((os) => os.map((o) => [(o as unknown as { value: string }).value, (o as unknown as { textContent: string }).textContent]))).filter(([v]) => v) as Array<[string, string]>;
    expect(villages.length).toBeGreaterThanOrEqual(2);
    const [[homeId, home], [otherId, other]] = villages as [[string, string], [string, string]];
    await caseVillage.selectOption(homeId);
    await page.getByLabel('纠纷类型').selectOption('NEIGHBOUR');
    await page.getByLabel('纠纷简况').fill('两家因院墙滴水发生争执。');
    await page.locator('input[name=party-0-name]').fill('孙春生');
    await page.locator('input[name=party-0-address]').fill(`${home}三组12号`);
    await page.locator('input[name=party-1-name]').fill('周秋月');
    // party B lives in another village: their own village and address
    await page.locator('select[name=party-1-village]').selectOption(otherId);
    await page.locator('input[name=party-1-address]').fill('五组7号');
    // the first party's village follows the case's, and says so
    expect(await page.locator('select[name=party-0-village] option:checked').textContent()).toBe(`同案件：${home}`);
    await checkPage(page, 'case13-intake-addresses');
    await page.getByRole('button', { name: '受理', exact: true }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    const caseId = page.url().split('/').pop()!;

    const parties = page.getByRole('region', { name: '当事人' }).locator('li');
    await expect.poll(() => parties.allTextContents()).toEqual([
      expect.stringContaining(`住址：${home}三组12号`),
      expect.stringContaining(`住址：${other}五组7号`),
    ]);
    await checkPage(page, 'case13-case-addresses');
    const stored = await server.db.prisma.caseParty.findMany({ where: { caseId }, include: { party: true }, orderBy: { side: 'asc' } });
    expect(stored.map((p) => [p.party.name, p.party.villageId, p.party.address])).toEqual([
      ['孙春生', homeId, `${home}三组12号`],
      ['周秋月', otherId, '五组7号'],
    ]);
  }, 120_000);
});
