/*
 * The staff console, dashboard, party and device pages in real Chromium against the
 * real server and a generated county (db seedCounty): what a mediator, an
 * administrator, a party on a phone and a village operator do, checked against the
 * API's own answers, and every page checked with axe-core (no serious or critical
 * violations). Screenshots (zh-CN) go to test-output/screenshots/.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedCounty, type SeedCountyResult } from '@shuoshi/db';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { launchChromium } from './support/browser';
import { apiCall, apiLogin, checkPage, openPage, signInThroughPage } from './support/console-pages';

const PASSWORD = 'console-test-pw';

let server: TestServer;
let browser: Browser;
let county: SeedCountyResult;
const contexts: BrowserContext[] = [];

const account = (role: string, pick: (a: SeedCountyResult['accounts'][number]) => boolean = () => true) => {
  const a = county.accounts.find((x) => x.role === role && pick(x));
  if (!a) throw new Error(`no ${role} account`);
  return a;
};

const api = <T = any>(token: string | null, method: string, url: string, body?: unknown) => apiCall<T>(server.url, token, method, url, body);
const login = (username: string) => apiLogin(server.url, username, PASSWORD);
const newPage = (opts: Parameters<Browser['newContext']>[0] = {}) => openPage(browser, contexts, { acceptDownloads: true, ...opts });
const signIn = (page: Page, username: string, opts: { check?: boolean } = {}) => signInThroughPage(page, server.url, username, PASSWORD, opts.check ? (p) => check(p, 'sign-in') : undefined);
const check = checkPage;

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  county = await seedCounty(server.db, { secret: server.config.authSecret, cases: 300, years: 1, consultationsPerYear: 120, password: PASSWORD });
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('a township mediator', () => {
  let page: Page;
  let token: string;
  let mediator: ReturnType<typeof account>;
  let caseId: string;
  let sessionLink: string;
  let sessionId: string;
  let codes: string[];

  beforeAll(async () => {
    mediator = account('TOWNSHIP_MEDIATOR');
    token = await login(mediator.username);
    page = await newPage();
  });

  it('is told in Chinese when the password is wrong', async () => {
    await page.goto(`${server.url}/cases`);
    await page.waitForURL(/\/login\?next=%2Fcases/);
    await page.getByLabel('用户名').fill(mediator.username);
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toBe('用户名或密码不正确。');
  });

  it('signs in and lands on the township case list (open cases, as the API counts them)', async () => {
    await signIn(page, mediator.username, { check: true });
    expect(new URL(page.url()).pathname).toBe('/cases');
    await page.getByTestId('case-table').waitFor();
    const expected = await api<{ total: number; items: Array<{ caseNumber: string }> }>(token, 'GET', '/cases?open=true&pageSize=20');
    expect(expected.total).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('case-total').textContent()).toBe(`共 ${expected.total.toLocaleString('zh-CN')} 件`);
    const shown = await page.locator('[data-testid=case-table] tbody tr td:first-child').allTextContents();
    expect(shown).toEqual(expected.items.map((c) => c.caseNumber));
    await expect.poll(() => page.getByTestId('signed-in-as').textContent()).toContain('镇调解员');
    await check(page, 'cases-list');
  });

  it('filters by status and category, searches by case number, and pages', async () => {
    await page.getByLabel('状态').selectOption('all');
    await page.getByLabel('纠纷类型').selectOption('NEIGHBOUR');
    await page.getByRole('button', { name: '查询' }).click();
    const expected = await api<{ total: number; items: Array<{ caseNumber: string }> }>(token, 'GET', '/cases?category=NEIGHBOUR&pageSize=20');
    await expect.poll(() => page.getByTestId('case-total').textContent()).toBe(`共 ${expected.total.toLocaleString('zh-CN')} 件`);
    const categories = await page.locator('[data-testid=case-table] tbody tr').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-category')));
    expect(categories.length).toBe(Math.min(20, expected.total));
    expect(new Set(categories)).toEqual(new Set(['NEIGHBOUR']));

    if (expected.total > 20) {
      await page.getByRole('button', { name: '下一页' }).click();
      await expect.poll(() => page.getByTestId('page-of').textContent()).toContain('第 2 页');
      const second = await api<{ items: Array<{ caseNumber: string }> }>(token, 'GET', '/cases?category=NEIGHBOUR&pageSize=20&page=2');
      await expect.poll(() => page.locator('[data-testid=case-table] tbody tr td:first-child').allTextContents()).toEqual(second.items.map((c) => c.caseNumber));
    }

    const one = expected.items[0]!.caseNumber;
    await page.getByLabel('案号或内容').fill(one);
    await page.getByRole('button', { name: '查询' }).click();
    await expect.poll(() => page.getByTestId('case-total').textContent()).toBe('共 1 件');
    await expect.poll(() => page.locator('[data-testid=case-table] tbody tr td:first-child').allTextContents()).toEqual([one]);
  });

  it('opens a case: its file with parties and timeline', async () => {
    const number = (await page.locator('[data-testid=case-table] tbody tr td:first-child a').first().textContent())!;
    await page.locator('[data-testid=case-table] tbody tr td:first-child a').first().click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('case-number').textContent()).toBe(number);
    const id = page.url().split('/').pop()!;
    const detail = await api<{ timeline: unknown[]; parties: Array<{ name: string }> }>(token, 'GET', `/cases/${id}`);
    await expect.poll(() => page.locator('[data-testid=timeline] li').count()).toBe(detail.timeline.length);
    for (const p of detail.parties) await expect.poll(() => page.getByRole('region', { name: '当事人' }).textContent()).toContain(p.name);
    await check(page, 'case-detail');
    // back to the list: the same filters and search
    await page.goBack();
    await expect.poll(() => page.getByTestId('case-total').textContent()).toBe('共 1 件');
    expect(await page.getByLabel('案号或内容').inputValue()).toBe(number);
    expect(await page.getByLabel('纠纷类型').inputValue()).toBe('NEIGHBOUR');
    await page.goForward();
    await expect.poll(() => page.getByTestId('case-number').textContent()).toBe(number);
  });

  it('accepts a new case through the intake form (受理)', async () => {
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '受理登记' }).click();
    await page.waitForURL(/\/cases\/new$/);
    await page.getByLabel('村（社区）').selectOption({ index: 1 });
    await page.getByLabel('纠纷类型').selectOption('LAND_HOMESTEAD');
    await page.getByLabel('受理方式').selectOption('PHONE');
    await page.getByLabel('纠纷简况').fill('两户因宅基地界桩位置发生争执，请求调解。');
    await page.locator('input[name=party-0-name]').fill('赵大山');
    await page.locator('input[name=party-0-phone]').fill('13800000001');
    await page.locator('input[name=party-1-name]').fill('钱小河');
    await check(page, 'intake-form');
    await page.getByRole('button', { name: '受理', exact: true }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseId = page.url().split('/').pop()!;
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('受理');
    const created = await api<{ category: string; intakeChannel: string; status: string; parties: Array<{ name: string; side: string }> }>(token, 'GET', `/cases/${caseId}`);
    expect(created).toMatchObject({ category: 'LAND_HOMESTEAD', intakeChannel: 'PHONE', status: 'ACCEPTED' });
    expect(created.parties.map((p) => [p.name, p.side])).toEqual([['赵大山', 'A'], ['钱小河', 'B']]);
  });

  it('schedules a video mediation inviting the village talk room, both parties and a lawyer; the codes are shown large', async () => {
    await page.getByRole('link', { name: '安排视频调解' }).click();
    await page.waitForURL(/\/schedule$/);
    const lawyer = account('COUNTY_LEGAL_ADVISOR');
    await page.getByRole('checkbox', { name: lawyer.displayName }).check();
    await page.getByLabel('调解时间').fill('2030-01-15T10:30');
    await page.getByRole('button', { name: '安排并发放邀请码' }).click();
    await page.getByTestId('invite-codes').waitFor();
    codes = await page.getByTestId('invite-code').allTextContents();
    expect(codes).toHaveLength(2);
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);
    const size = await page.getByTestId('invite-code').first().evaluate((el) => parseFloat((globalThis as unknown as { getComputedStyle(e: unknown): { fontSize: string } }).getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(40);
    sessionLink = (await page.getByTestId('join-link').textContent())!;
    // issue #13 bug 3: valid around the session (2030-01-15, not an hour after now), a QR code of the link, an SMS-ready text
    for (const e of await page.getByTestId('invite-codes').locator('li').allTextContents()) expect(e).toContain('2030');
    const qr = page.getByTestId('invite-qr').first();
    await qr.waitFor();
    expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(100);
    const sms = await page.getByTestId('invite-sms').first().inputValue();
    expect(sms).toContain(sessionLink);
    expect(sms).toContain(codes[0]!.split('').join(' '));
    expect(sms).toContain('2030');
    await check(page, 'dayone-schedule-share');
    // the link is the short one, read out over the phone (/j/ABC-234)
    expect(sessionLink).toMatch(/\/j\/[A-Z]{3}-[0-9]{3}$/);
    sessionId = (await api<{ sessions: Array<{ id: string }> }>(token, 'GET', `/cases/${caseId}`)).sessions.at(-1)!.id;
    const session = await api<{ caseId: string; scheduledAt: string; invites: Array<{ talkRoomId: string | null; partyId: string | null; staffId: string | null }> }>(token, 'GET', `/sessions/${sessionId}`);
    expect(session.caseId).toBe(caseId);
    expect(session.invites.filter((i) => i.partyId)).toHaveLength(2);
    expect(session.invites.filter((i) => i.staffId).map((i) => i.staffId)).toEqual([lawyer.id]);
    expect(session.invites.filter((i) => i.talkRoomId)).toHaveLength(1);
    await check(page, 'schedule-codes');
  });

  it('sees the follow-ups due list as the API has it', async () => {
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '回访' }).click();
    await page.getByLabel('显示').selectOption('open');
    const expected = await api<{ total: number; items: Array<{ case: { caseNumber: string } }> }>(token, 'GET', '/follow-ups?state=open&pageSize=20');
    await expect.poll(() => page.locator('[data-testid=follow-up-table] tbody tr td:first-child').allTextContents()).toEqual(expected.items.map((f) => f.case.caseNumber));
    await check(page, 'follow-ups');
  });

  it('switches the console to English and back', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('navigation', { name: 'Main menu' }).textContent()).toContain('Follow-ups');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await check(page, 'follow-ups-en');
    await page.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => page.getByRole('navigation', { name: '主菜单' }).textContent()).toContain('回访');
  });

  it("sees the statistics of their own township only", async () => {
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '统计分析' }).click();
    await page.waitForURL(/\/dashboard$/);
    const select = page.locator('select[name=townshipId]');
    expect(await select.isDisabled()).toBe(true);
    await expect.poll(() => select.inputValue()).toBe(mediator.townshipId);
    const stats = await api<any>(token, 'GET', `/statistics?townshipId=${mediator.townshipId}`);
    await expect.poll(async () => (await page.locator('[data-figure=cases]').textContent())?.replace(/[,\s]/g, '')).toBe(String(stats.totals.cases));
    expect(stats.byTownship.map((x: any) => x.townshipId)).toEqual([mediator.townshipId]);
  });

  describe('a party on their own phone', () => {
    it('types the invite code in big digits and reaches the room page', async () => {
      const phone = await newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      await phone.goto(sessionLink);
      const input = phone.getByLabel('请输入 6 位邀请码');
      await input.waitFor();
      for (const el of [input, phone.getByRole('button', { name: '进入调解室' })]) {
        const box = (await el.boundingBox())!;
        expect(box.height).toBeGreaterThanOrEqual(48);
        expect(box.width).toBeGreaterThanOrEqual(48);
      }
      expect(await input.getAttribute('inputmode')).toBe('numeric');
      await check(phone, 'party-invite-code');

      const wrong = codes[0] === '000000' ? '000001' : '000000';
      await input.fill(wrong);
      await phone.getByRole('button', { name: '进入调解室' }).click();
      await expect.poll(() => phone.getByRole('alert').textContent()).toContain('邀请码不正确');

      // keyboard only: the field keeps the focus after an error; Enter submits
      expect(await phone.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).toBe('invite-code');
      await phone.keyboard.type(codes[0]!);
      await phone.keyboard.press('Enter');
      await phone.waitForURL(/\/room\/[^#]+#token=/);
      const session = await api<{ roomId: string }>(token, 'GET', `/sessions/${sessionId}`);
      expect(new URL(phone.url()).pathname).toBe(`/room/${session.roomId}`);
      await phone.context().close();
    });
  });

  it('works the case on: a new code for a party, 办理, a verbal agreement, 回复, the follow-up result, 回访', async () => {
    await page.goto(`${server.url}/cases/${caseId}`);
    await page.getByTestId('case-number').waitFor();
    // the second party lost their code: a new one replaces it
    await page.getByRole('button', { name: '给 钱小河 发新邀请码' }).click();
    const fresh = (await page.getByTestId('reissued-code').textContent())!;
    expect(fresh).toMatch(/^\d{6}$/);
    const exchanged = await fetch(`${server.url}/api/auth/invite-code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sessionId, code: fresh }) });
    expect(exchanged.status).toBe(200);

    await page.getByRole('button', { name: '进入下一步：办理' }).click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('办理');
    await page.getByLabel('口头协议内容').fill('双方同意按原界桩位置重新立桩，费用各半。');
    await check(page, 'case-in-mediation');
    await page.getByRole('button', { name: '记录结果' }).click();
    await expect.poll(() => page.getByRole('region', { name: '调解结果与协议' }).textContent()).toContain('双方同意按原界桩位置重新立桩');
    await page.getByRole('button', { name: '进入下一步：回复' }).click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('回复');
    // 回复 scheduled the 回访; before its result the next step is refused, in words
    await page.getByRole('button', { name: '进入下一步：回访' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toBe('请先记录回访结果。');
    await page.getByLabel('回访情况（可选）').fill('已按约定重新立桩。');
    await page.getByRole('button', { name: '记录回访结果' }).click();
    await expect.poll(() => page.getByRole('region', { name: '回访' }).textContent()).toContain('已履行');
    await page.getByRole('button', { name: '进入下一步：回访' }).click();
    await expect.poll(() => page.getByTestId('case-status').textContent()).toBe('回访');

    const c = await api<{ status: string; outcomes: Array<{ type: string; verbalContent: string }>; followUps: Array<{ result: string; notes: string }>; timeline: Array<{ type: string }> }>(token, 'GET', `/cases/${caseId}`);
    expect(c.status).toBe('FOLLOWED_UP');
    expect(c.outcomes.map((o) => o.type)).toEqual(['VERBAL_AGREEMENT']);
    expect(c.followUps.map((f) => [f.result, f.notes])).toEqual([['FULFILLED', '已按约定重新立桩。']]);
    await expect.poll(() => page.locator('[data-testid=timeline] li').count()).toBe(c.timeline.length);
  });
});

describe('the county administrator', () => {
  let page: Page;
  let token: string;

  beforeAll(async () => {
    const admin = account('COUNTY_ADMIN');
    token = await login(admin.username);
    page = await newPage();
    await signIn(page, admin.username);
  });

  const kpi = async (figure: string) => (await page.locator(`[data-figure=${figure}]`).textContent())!.replace(/[,\s]/g, '');

  it('lands on the dashboard: charts drawn, figures as the statistics endpoint gives them', async () => {
    expect(new URL(page.url()).pathname).toBe('/dashboard');
    const stats = await api<any>(token, 'GET', '/statistics');
    for (const id of ['chart-month', 'chart-outcome', 'chart-category', 'chart-status', 'chart-area']) {
      // drawn: an <svg> with the series' shapes (bars, lines, pie sectors), not just axes
      await expect.poll(() => page.locator(`[data-testid=${id}] svg path`).count(), { timeout: 10_000 }).toBeGreaterThan(5);
    }
    await expect.poll(() => kpi('cases')).toBe(String(stats.totals.cases));
    expect(await kpi('followUpsOverdue')).toBe(String(stats.totals.followUpsOverdue));
    expect(await kpi('consultationsAnswered')).toBe(String(stats.totals.consultationsAnswered));
    expect(await kpi('successRate')).toBe(`${(stats.totals.successRate * 100).toFixed(1)}%`);
    const rows = await page.locator('[data-testid=category-table] tbody tr').evaluateAll((trs) => trs.map((tr) => [tr.getAttribute('data-category'), tr.querySelectorAll('td')[0]!.textContent]));
    expect(rows).toEqual(stats.byCategory.map((c: any) => [c.category, c.cases.toLocaleString('zh-CN')]));
    await check(page, 'dashboard');
  });

  it('filters by township and category', async () => {
    const township = county.townships[0]!;
    await page.locator('select[name=townshipId]').selectOption(township.id);
    await page.locator('select[name=category]').selectOption('MARRIAGE_FAMILY');
    await page.getByRole('button', { name: '查询' }).click();
    const stats = await api<any>(token, 'GET', `/statistics?townshipId=${township.id}&category=MARRIAGE_FAMILY`);
    await expect.poll(() => kpi('cases')).toBe(String(stats.totals.cases));
    expect(await kpi('consultations')).toBe(String(stats.totals.consultations));
  });

  it('exports the same figures as CSV (UTF-8 with BOM, Chinese headers)', async () => {
    const township = county.townships[0]!;
    const stats = await api<any>(token, 'GET', `/statistics?townshipId=${township.id}&category=MARRIAGE_FAMILY`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '导出 CSV' }).click()]);
    const bytes = fs.readFileSync((await download.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.subarray(3).toString('utf8').trimEnd().split('\r\n').map((l) => l.split(','));
    expect(lines[0]!.slice(0, 4)).toEqual(['分组', '名称', '受理案件', '已有结果']);
    const total = lines.find((l) => l[0] === '合计')!;
    expect(total.slice(2, 5).map(Number)).toEqual([stats.totals.cases, stats.totals.concluded, stats.totals.resolved]);
    const months = lines.filter((l) => l[0] === '月份');
    expect(months.map((l) => [l[1], Number(l[2])])).toEqual(stats.byMonth.map((m: any) => [m.month, m.cases]));
    const villages = lines.filter((l) => l[0] === '村（社区）');
    expect(villages.reduce((n, l) => n + Number(l[2]), 0)).toBe(stats.byVillage.reduce((n: number, v: any) => n + v.cases, 0));
  });
});

describe('a village operator', () => {
  it("enrols the talk room's PC: the device credential is kept in this browser and works", async () => {
    const operator = account('VILLAGE_OPERATOR');
    const page = await newPage();
    await signIn(page, operator.username);
    await page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '设备登记' }).click();
    await page.waitForURL(/\/enrol$/);
    await page.getByLabel('设备名称（可选）').fill('会议室电脑');
    await check(page, 'enrol');
    await page.getByRole('button', { name: '登记本设备' }).click();
    await page.getByTestId('enrolled').waitFor();
    const stored = JSON.parse((await page.evaluate(() => (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem('shuoshi.device')))!) as { token: string; talkRoomId: string; label: string };
    expect(stored.token).toMatch(/^shd_/);
    expect(stored.label).toBe('会议室电脑');
    const me = await api<{ kind: string; talkRoomId: string; villageId: string }>(stored.token, 'GET', '/auth/me');
    expect(me).toMatchObject({ kind: 'device', talkRoomId: stored.talkRoomId, villageId: operator.villageId });
    const devices = await api<{ items: Array<{ label: string; revokedAt: string | null }> }>(await login(operator.username), 'GET', `/talk-rooms/${stored.talkRoomId}/devices`);
    expect(devices.items.filter((d) => !d.revokedAt).map((d) => d.label)).toContain('会议室电脑');
  });
});

describe('a county legal advisor', () => {
  it('lands on the lawyer desk; the consultations page lists what the API lists', async () => {
    const lawyer = account('COUNTY_LEGAL_ADVISOR');
    const token = await login(lawyer.username);
    const page = await newPage();
    // keyboard only: the username field has the focus, Tab reaches the password, Enter signs in
    await page.goto(`${server.url}/`);
    await page.waitForURL(/\/login/);
    // the sign-in form takes the focus itself: type only once it has it (on a loaded machine the form renders after the URL changes)
    await expect.poll(() => page.evaluate(() => (globalThis as unknown as { document: { activeElement: { tagName?: string } | null } }).document.activeElement?.tagName), { timeout: 20_000 }).toBe('INPUT');
    await page.keyboard.type(lawyer.username);
    await page.keyboard.press('Tab');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/lawyer');
    await expect.poll(() => page.getByTestId('duty-state').textContent()).toMatch(/^(在岗|离岗)$/);
    await page.getByRole('link', { name: '咨询记录' }).click();
    await page.waitForURL((u) => u.pathname === '/lawyer/consultations');
    const expected = await api<{ items: unknown[] }>(token, 'GET', '/consultations?pageSize=20');
    await expect.poll(() => page.locator('[data-testid=history] tbody tr').count()).toBe(expected.items.length);
    // invited to the mediation scheduled above
    await expect.poll(() => page.getByTestId('session').count()).toBeGreaterThanOrEqual(1);
    await check(page, 'lawyer');
  });
});
