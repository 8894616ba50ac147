import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { eventually } from './browser';
import type { TestServer } from './test-server';

/**
 * Issue #13's "Done when", for the end of a session (bug 2), the party's phone at 390 px
 * (bug 5) and the short link: the last steps of the full-mediation scenario, kept here so
 * that the scenario file gains only a few lines. Everything by clicks and typing, as
 * the mediator, the party on their phone and the village kiosk would.
 */
export interface SessionEndScene {
  server: TestServer;
  browser: Browser;
  /** A context the scenario closes at its end. */
  newContext(opts: Parameters<Browser['newContext']>[0]): Promise<BrowserContext>;
  /** The scenario's screenshot + axe check. */
  check(page: Page, name: string, kind?: string): Promise<void>;
  /** The mediator's case file (1280 px) and live room pages. */
  mediatorConsole: Page;
  room: Page;
  kiosks: Array<{ name: string; page: Page }>;
  caseId: string;
  sessionId: string;
  /** The party who joins from a phone (a party of the case, invited by the schedule's defaults). */
  partyName: string;
}

/** The page is no wider than its window: nothing sticks out on the right. */
export async function fitsWidth(page: Page, what: string): Promise<void> {
  const o = await page.evaluate(() => {
    const g = globalThis as unknown as { document: { documentElement: { scrollWidth: number } }; innerWidth: number };
    return { scrollWidth: g.document.documentElement.scrollWidth, innerWidth: g.innerWidth };
  });
  expect(o.scrollWidth, `${what}: ${JSON.stringify(o)}`).toBeLessThanOrEqual(o.innerWidth);
}

/** A record id (a UUID) anywhere in the page's visible text: people see words, never ids. */
export async function expectNoIds(page: Page, what: string): Promise<void> {
  const text = await page.locator('body').innerText();
  expect(text.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi), `an id on screen (${what})`).toBeNull();
}

/** 发新邀请码 in the case file: the code, and the short link InviteShare shows to read out. */
async function newCodeFromCaseFile(s: SessionEndScene): Promise<{ code: string; link: string }> {
  const page = s.mediatorConsole;
  await page.goto(`${s.server.url}/cases/${s.caseId}`);
  const row = page.locator(`[data-testid=session][data-session-id="${s.sessionId}"]`);
  await row.getByRole('button', { name: `给 ${s.partyName} 发新邀请码` }).click();
  const share = row.getByTestId('invite-share');
  await share.waitFor({ timeout: 15_000 });
  await share.getByTestId('invite-qr').waitFor();
  const shown = share.getByTestId('invite-link');
  const link = (await shown.getAttribute('data-href'))!;
  expect(link).toMatch(/^http:\/\/[^/]+\/j\/[A-HJKMNP-Z]{3}-[2-9]{3}$/);
  expect(await shown.textContent()).toBe(link.replace('http://', '')); // read out without the scheme
  // the code (ABC-234) is never split over two lines, even in the case file's narrow column
  const lines = await share.getByTestId('invite-link-code').evaluate((e) => (e as unknown as { getClientRects(): { length: number } }).getClientRects().length);
  expect(lines, 'the short code on one line').toBe(1);
  expect(await share.getByTestId('invite-sms').inputValue()).toContain(link);
  const code = (await row.getByTestId('reissued-code').textContent())!;
  expect(code).toMatch(/^\d{6}$/);
  return { code, link };
}

/** The party types the code on the short link's page (a 390 px phone). */
async function typeCode(phone: Page, link: string, code: string): Promise<void> {
  await phone.goto(link);
  await phone.getByLabel('请输入 6 位邀请码').fill(code);
  await phone.getByRole('button', { name: '进入调解室' }).click();
}

/**
 * The party joins from a 390 px phone by the short link the case file shows; the
 * mediator admits them; nothing overflows. Then the mediator ends the mediation for
 * everyone (结束调解（全体）), and every place shows it: the case file (ended, with its
 * start and end times, no 进入视频调解 or 发新邀请码), each kiosk (told it ended; its list
 * no longer has the session), and the party's phone (a code issued before the end is
 * refused in words).
 */
export async function endTheSessionEverywhere(s: SessionEndScene): Promise<void> {
  // the party joins by the short link, on a 390 px phone
  const first = await newCodeFromCaseFile(s);
  await s.check(s.mediatorConsole, 'case13-case-new-code', 'case');
  const phone = await (await s.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' })).newPage();
  await typeCode(phone, first.link, first.code);
  await phone.waitForURL(/\/room\/[^#]+#token=/, { timeout: 20_000 });
  await phone.waitForFunction(() => globalThis.__shuoshi?.client?.admission === 'waiting', undefined, { timeout: 30_000 });
  await fitsWidth(phone, 'the party in the lobby at 390 px');
  const lobby = s.room.getByTestId('lobby-panel');
  await lobby.getByRole('button', { name: `请进：${s.partyName}` }).click({ timeout: 20_000 });
  await phone.waitForFunction(() => globalThis.__shuoshi?.client?.admission === 'admitted', undefined, { timeout: 20_000 });
  await phone.locator('video').first().waitFor({ timeout: 20_000 });
  await fitsWidth(phone, 'the party in the room at 390 px');
  await s.check(phone, 'case13-phone-room-390', 'phone-room');
  // a second code, issued before the end and never used: it must be refused after
  const second = await newCodeFromCaseFile(s);

  // 结束调解（全体）
  await s.room.getByRole('button', { name: '结束调解（全体）' }).click();
  await s.room.getByRole('dialog').getByRole('button', { name: '确认结束' }).click();
  await s.room.getByTestId('ended-screen').waitFor({ timeout: 20_000 });
  await phone.locator('[data-testid=ended-screen][data-reason=ended]').waitFor({ timeout: 20_000 });
  for (const k of s.kiosks) {
    const left = k.page.locator('[data-testid=kiosk-room][data-state=left]');
    await left.waitFor({ timeout: 20_000 });
    expect(await left.getByRole('status').textContent()).toBe('调解员已结束本次调解，谢谢您。');
  }
  const stored = await s.server.db.prisma.session.findUniqueOrThrow({ where: { id: s.sessionId } });
  expect(stored.startedAt).toBeInstanceOf(Date);
  expect(stored.endedAt).toBeInstanceOf(Date);

  // the case file: ended, with its times; nothing to enter, no new codes
  await s.mediatorConsole.setViewportSize({ width: 1280, height: 800 });
  await s.mediatorConsole.goto(`${s.server.url}/cases/${s.caseId}`);
  const row = s.mediatorConsole.locator(`[data-testid=session][data-session-id="${s.sessionId}"]`);
  await row.waitFor();
  expect(await row.getAttribute('data-session-state')).toBe('ended');
  expect(await row.getByTestId('session-state').textContent()).toBe('已结束');
  expect(await row.getByTestId('session-times').textContent()).toMatch(/开始于 .+ · 结束于 .+/);
  expect(await row.getByRole('button').count()).toBe(0);
  await row.scrollIntoViewIfNeeded();
  await s.mediatorConsole.screenshot({ path: shot('case13-case-ended'), fullPage: false });

  // each kiosk: back home, the session is no longer listed (the 1024×768 kiosk)
  for (const k of s.kiosks) {
    await k.page.setViewportSize({ width: 1024, height: 768 });
    await k.page.locator('[data-testid=kiosk-room][data-state=left]').getByRole('button').click();
    const list = k.page.getByTestId('kiosk-sessions');
    await list.waitFor({ timeout: 15_000 });
    await eventually(async () => (await list.getByRole('status').count()) === 0, 15_000, `${k.name}'s list loaded`);
    expect(await k.page.locator(`.k-session[data-session-id="${s.sessionId}"]`).count()).toBe(0);
  }
  await s.kiosks[0]!.page.screenshot({ path: shot('case13-kiosk-list-after-end') });

  // the party's phone: the code issued before the end is refused, in words
  await typeCode(phone, second.link, second.code);
  const refusal = phone.getByRole('alert');
  await refusal.waitFor({ timeout: 15_000 });
  expect(await refusal.textContent()).toMatch(/这次(视频)?调解已经结束/);
  expect(new URL(phone.url()).pathname).toMatch(/^\/j\//);
  await fitsWidth(phone, 'the refused code at 390 px');
  await phone.screenshot({ path: shot('case13-phone-refused-390'), fullPage: true });
}

const shot = (name: string) => new URL(`../../../test-output/screenshots/${name}.png`, import.meta.url).pathname;

/**
 * Issue #13 bug 7 on the kiosk: after choosing who signs, the agreement's text comes
 * first (large, in its own scrolling box) and 开始签字 opens only once its end was on
 * screen; the grid worker scrolls it (the mouse wheel over the text), then opens the pad.
 * With `screenshot`, the page is put at the kiosk's 1024×768 first.
 */
export async function readAgreementBeforeSigning(page: Page, terms: string, screenshot?: string): Promise<void> {
  const text = page.getByTestId('kiosk-agreement-text');
  await text.waitFor({ timeout: 15_000 });
  expect(await text.textContent()).toContain(terms);
  expect(await page.locator('canvas').count()).toBe(0); // no pad yet
  if (screenshot) {
    await page.setViewportSize({ width: 1024, height: 768 }); // the kiosk's screen
    await page.getByTestId('kiosk-agreement').scrollIntoViewIfNeeded();
    await page.screenshot({ path: shot(screenshot) });
  }
  const start = page.getByRole('button', { name: '看完了，开始签字' });
  await eventually(async () => {
    if (await start.isVisible()) return true;
    await text.hover();
    await page.mouse.wheel(0, 300);
    return false;
  }, 15_000, 'the agreement scrolled to its end');
  await start.click();
}
