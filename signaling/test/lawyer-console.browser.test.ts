/*
 * The lawyer console (法律顾问工作台) in real Chromium against the real server and a
 * generated county (db seedCounty, as the console test): duty, the live queue pushed
 * over /queue, two lawyers accepting one request at once, the room opened in a new
 * tab and decoding the talk room, the record and 转镇调解, a call-back, the duty
 * roster's gaps, and the dashboard's consultation figures, each checked against the
 * API; every page checked with axe-core; screenshots (zh-CN) in test-output/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedCounty, type SeedCountyResult } from '@shuoshi/db';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { Participant, eventually, launchChromium } from './support/browser';
import { QueueClient } from './support/queue-client';
import { apiCall, apiLogin, checkPage, openPage, signInThroughPage } from './support/console-pages';
import type { PageInboundStats } from './support/page-hook';

const PASSWORD = 'lawyer-test-pw';

let server: TestServer;
let browser: Browser;
let county: SeedCountyResult;
const contexts: BrowserContext[] = [];
const participants: Participant[] = [];
const sockets: QueueClient[] = [];

const account = (username: string) => {
  const a = county.accounts.find((x) => x.username === username);
  if (!a) throw new Error(`no account ${username}`);
  return a;
};

const api = <T = any>(token: string | null, method: string, url: string, body?: unknown) => apiCall<T>(server.url, token, method, url, body);
const login = (username: string) => apiLogin(server.url, username, PASSWORD);
const newPage = () => openPage(browser, contexts);
const signIn = (page: Page, username: string) => signInThroughPage(page, server.url, username, PASSWORD);
const check = checkPage;

/** Tabs a page's context opens on /room/… (the console opens the consultation room in a new tab). */
function roomTabs(page: Page): Page[] {
  const tabs: Page[] = [];
  page.context().on('page', (p) => {
    tabs.push(p);
    p.on('pageerror', (err) => console.error('[room tab error]', err));
  });
  return tabs;
}

async function inboundFrom(page: Page, peerId: string): Promise<{ videoFrames: number; audioBytes: number }> {
  const stats = (await page.evaluate(() => (globalThis as any).__shuoshi?.client?.inboundStats() ?? [])) as PageInboundStats[];
  const mine = stats.filter((s) => s.peerId === peerId);
  return { videoFrames: mine.filter((s) => s.kind === 'video').reduce((n, s) => n + s.framesDecoded, 0), audioBytes: mine.filter((s) => s.kind === 'audio').reduce((n, s) => n + s.bytesReceived, 0) };
}

let adminToken: string;
let deviceToken: string;
let talkRoom: QueueClient;

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  county = await seedCounty(server.db, { secret: server.config.authSecret, cases: 120, years: 1, consultationsPerYear: 60, password: PASSWORD });
  adminToken = await login('admin');
  const operator = county.accounts.find((a) => a.role === 'VILLAGE_OPERATOR')!;
  const rooms = await api<{ items: Array<{ id: string }> }>(adminToken, 'GET', `/talk-rooms?villageId=${operator.villageId}&kind=VILLAGE_TALK_ROOM`);
  const device = await api<{ token: string }>(await login(operator.username), 'POST', `/talk-rooms/${rooms.items[0]!.id}/devices`, { label: '村委会电视' });
  deviceToken = device.token;
  talkRoom = new QueueClient(server.url, deviceToken);
  sockets.push(talkRoom);
  await talkRoom.connected();
}, 240_000);

afterAll(async () => {
  for (const s of sockets) s.close();
  for (const p of participants) await p.close();
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('the lawyer console', () => {
  let one: Page;
  let two: Page;
  let oneToken: string;
  let liveId: string;
  let winner: Page;

  beforeAll(async () => {
    oneToken = await login('lawyer.1');
    one = await newPage();
    two = await newPage();
  });

  it('lists a call-back made while nobody is on duty; the lawyer starts it (the room opens) and marks it kept', async () => {
    const duty = await api<{ items: unknown[] }>(adminToken, 'GET', '/duty/lawyers');
    expect(duty.items).toEqual([]);
    const asked = await api<any>(deviceToken, 'POST', '/consultations', { topic: 'CONTRACT_DEBT', question: '借钱不还，没有借条怎么办？' });
    expect(asked.status).toBe('CALLBACK_SCHEDULED');
    expect(asked.callback.reason).toBe('NO_LAWYER_ON_DUTY');

    const tabs = roomTabs(one);
    await signIn(one, 'lawyer.1');
    expect(new URL(one.url()).pathname).toBe('/lawyer');
    const item = one.locator(`[data-testid=callbacks] li[data-consultation="${asked.id}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('借钱不还，没有借条怎么办？');
    // soonest first, as the API orders them
    const listed = await api<{ items: Array<{ id: string }> }>(oneToken, 'GET', '/consultations/callbacks');
    expect(await one.locator('[data-testid=callbacks] > li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-consultation')))).toEqual(listed.items.map((x) => x.id));

    await item.getByRole('button', { name: '开始回电' }).click();
    await eventually(async () => tabs.some((t) => t.url().includes('/room/')), 10_000, 'the room tab');
    const started = await api<any>(oneToken, 'GET', `/consultations/${asked.id}`);
    expect(started.callbackStartedAt).not.toBeNull();
    expect(started.lawyerId).toBe(account('lawyer.1').id);
    const pushed = await talkRoom.next('consultation:accepted', (p) => p.consultationId === asked.id);
    expect(tabs.find((t) => t.url().includes('/room/'))!.url()).toContain(`/room/${encodeURIComponent(pushed.join.roomId)}`);
    for (const t of tabs) await t.close();

    await item.getByRole('button', { name: '已回电' }).click();
    await expect.poll(() => item.count()).toBe(0);
    expect((await api<any>(oneToken, 'GET', `/consultations/${asked.id}`)).callbackOutcome).toBe('KEPT');
  });

  it('goes on duty (persisted); a request appears live in the queue without a reload, with a cue', async () => {
    await one.getByRole('switch', { name: '上岗接听' }).click();
    await expect.poll(() => one.getByTestId('duty-state').textContent()).toBe('在岗');
    expect((await api<any>(oneToken, 'GET', '/duty')).onDuty).toBe(true);
    await one.waitForFunction(() => (globalThis as any).document.querySelector('[data-testid=queue-empty], [data-testid=queue]') !== null);

    const asked = await api<any>(deviceToken, 'POST', '/consultations', { topic: 'LABOUR_WAGES', question: '老板拖欠三个月工资，怎么要回来？' });
    expect(asked.status).toBe('QUEUED');
    liveId = asked.id;
    const row = one.locator(`[data-testid=queue] tr[data-consultation="${liveId}"]`);
    await row.waitFor({ timeout: 10_000 });
    expect(await row.textContent()).toContain('老板拖欠三个月工资，怎么要回来？');
    expect(await row.textContent()).toContain('劳务工资');
    await expect.poll(() => one.getByTestId('announce').textContent()).toContain('新的咨询请求');
    expect(await row.getAttribute('class')).toContain('fresh');
    await check(one, 'lawyer-desk');
  });

  it('two lawyers accept the same request at once: exactly one opens the room, the other is told it was taken', async () => {
    await signIn(two, 'lawyer.2');
    // by keyboard: once the duty state is read, the switch takes the focus and Space toggles it
    await expect.poll(() => two.getByTestId('duty-state').textContent()).toBe('离岗');
    await two.getByRole('switch', { name: '上岗接听' }).focus();
    expect(await two.evaluate(() => (globalThis as any).document.activeElement?.getAttribute('role'))).toBe('switch');
    await two.keyboard.press('Space');
    await expect.poll(() => two.getByTestId('duty-state').textContent()).toBe('在岗');
    const rowTwo = two.locator(`[data-testid=queue] tr[data-consultation="${liveId}"]`);
    await rowTwo.waitFor({ timeout: 10_000 });
    const tabsOne = roomTabs(one);
    const tabsTwo = roomTabs(two);

    // both buttons pressed at the same instant (one clock: the same browser)
    const at = Date.now() + 400;
    const arm = (p: Page) =>
      p.evaluate(
        ({ id, at }) => {
          const b = (globalThis as any).document.querySelector(`[data-testid=queue] tr[data-consultation="${id}"] button`) as { click(): void };
          setTimeout(() => b.click(), Math.max(0, at - Date.now()));
        },
        { id: liveId, at },
      );
    await Promise.all([arm(one), arm(two)]);

    const onRecord = (p: Page) => new URL(p.url()).pathname === `/lawyer/consultations/${liveId}`;
    const taken = (p: Page) => p.locator('[data-testid=accept-error][data-code=CONSULTATION_TAKEN]').count();
    await eventually(async () => (onRecord(one) && (await taken(two)) === 1) || (onRecord(two) && (await taken(one)) === 1), 15_000, 'one winner and one taken message');
    winner = onRecord(one) ? one : two;
    const loser = winner === one ? two : one;
    expect(await loser.getByTestId('accept-error').textContent()).toBe('这个咨询已被其他律师接听。');
    await expect.poll(() => loser.locator(`[data-testid=queue] tr[data-consultation="${liveId}"]`).count()).toBe(0);
    expect(new URL(loser.url()).pathname).toBe('/lawyer');

    await eventually(async () => (winner === one ? tabsOne : tabsTwo).some((t) => t.url().includes('/room/')), 10_000, "the winner's room tab");
    expect((loser === one ? tabsOne : tabsTwo).filter((t) => t.url().includes('/room/'))).toEqual([]);
    const q = await api<any>(adminToken, 'GET', `/consultations/${liveId}`);
    expect(q.status).toBe('ACCEPTED');
    expect(q.lawyerId).toBe(account(winner === one ? 'lawyer.1' : 'lawyer.2').id);

    // the winner's room tab and the talk room (its token pushed over /queue) decode each other
    const tab = (winner === one ? tabsOne : tabsTwo).find((t) => t.url().includes('/room/'))!;
    const pushed = await talkRoom.next('consultation:accepted', (p) => p.consultationId === liveId);
    const roomPage = await Participant.open(browser, 'talk-room', `${server.url}/room/${pushed.join.roomId}#token=${pushed.join.token}`);
    participants.push(roomPage);
    await tab.waitForFunction(() => (globalThis as any).__shuoshi?.client?.state === 'joined', undefined, { timeout: 20_000, polling: 100 });
    await roomPage.waitForState('joined');
    const lawyerPeer = (await tab.evaluate(() => (globalThis as any).__shuoshi?.client?.self?.peerId)) as string;
    await eventually(async () => {
      const got = await inboundFrom(tab, pushed.join.peerId);
      return got.videoFrames > 0 && got.audioBytes > 0;
    }, 30_000, "the lawyer's tab to decode the talk room");
    await eventually(async () => {
      const got = await roomPage.from(lawyerPeer);
      return got.videoFrames > 0 && got.audioBytes > 0;
    }, 30_000, 'the talk room to decode the lawyer');
    await tab.close();
  });

  it('writes the record and refers it to the township: the case exists', async () => {
    const page = winner;
    await page.getByLabel('问题摘要').fill('拖欠三个月工资约一万二千元');
    await page.getByLabel('解答意见').fill('保留考勤和转账记录，先协商；不成可向劳动监察大队投诉或申请劳动仲裁。');
    await page.getByLabel('建议转为调解案件').check();
    await check(page, 'lawyer-record');
    await page.getByRole('button', { name: '保存记录' }).click();
    await expect.poll(() => page.getByTestId('consultation-status').textContent()).toBe('已解答');
    await page.getByRole('button', { name: '转镇调解' }).click();
    const link = page.getByTestId('case-link');
    await link.waitFor();
    const q = await api<any>(adminToken, 'GET', `/consultations/${liveId}`);
    expect(q.status).toBe('ANSWERED');
    expect(q.questionSummary).toBe('拖欠三个月工资约一万二千元');
    expect(q.shouldBecomeCase).toBe(true);
    expect(q.caseId).not.toBeNull();
    const c = await api<any>(adminToken, 'GET', `/cases/${q.caseId}`);
    expect(c.handlingLevel).toBe('TOWNSHIP');
    expect(c.intakeChannel).toBe('REFERRAL');
    expect(await link.textContent()).toBe(c.caseNumber);
    expect(await link.getAttribute('href')).toBe(`/cases/${q.caseId}`);
    await check(page, 'lawyer-record-case');
  });

  it('lists my consultations with a status filter, and the mediations I am invited to', async () => {
    const page = winner;
    await page.getByRole('link', { name: '咨询记录' }).click();
    await page.waitForURL((u) => u.pathname === '/lawyer/consultations');
    await page.locator('select[name=status]').selectOption('ANSWERED');
    const token = await login(winner === one ? 'lawyer.1' : 'lawyer.2');
    const expected = await api<{ items: Array<{ id: string }> }>(token, 'GET', '/consultations?status=ANSWERED&pageSize=20');
    await expect.poll(() => page.locator('[data-testid=history] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-consultation')))).toEqual(expected.items.map((x) => x.id));
    expect(expected.items.map((x) => x.id)).toContain(liveId);
    await check(page, 'lawyer-history');
  });

  it('shows the roster grid with its gaps; adding a slot closes one', async () => {
    await one.goto(`${server.url}/duty-roster`);
    await one.getByTestId('roster-grid').waitFor();
    const before = await api<{ hours: number[][]; gaps: unknown[] }>(oneToken, 'GET', '/duty/coverage');
    expect(before.gaps.length).toBeGreaterThan(0);
    // Wednesday 14:00–15:00, a gap unless the generated roster covers it
    const [day, hour] = [3, 14];
    const cell = one.locator(`[data-testid=roster-grid] td[data-weekday="${day}"][data-hour="${hour}"]`);
    expect(Number(await cell.getAttribute('data-count'))).toBe(before.hours[day - 1]![hour]);
    const gapCells = await one.locator('[data-testid=roster-grid] td.gap').count();
    expect(gapCells).toBe(before.hours.flat().filter((n) => n === 0).length);
    await check(one, 'lawyer-roster');

    const n = before.hours[day - 1]![hour]!;
    await one.locator('select[name=weekday]').selectOption(String(day));
    await one.locator('select[name=start]').selectOption(String(hour));
    await one.locator('select[name=end]').selectOption(String(hour + 1));
    await one.getByRole('button', { name: '添加时段' }).click();
    await expect.poll(() => cell.getAttribute('data-count')).toBe(String(n + 1));
    const after = await api<{ hours: number[][] }>(oneToken, 'GET', '/duty/coverage');
    expect(after.hours[day - 1]![hour]).toBe(n + 1);
    expect(await one.locator('[data-testid=roster-grid] td.gap').count()).toBe(after.hours.flat().filter((x) => x === 0).length);
    // English is complete: the same page and the desk in English, then back to Chinese
    await one.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => one.getByRole('heading', { level: 1 }).textContent()).toBe('Duty roster');
    await one.getByRole('link', { name: 'Desk' }).click();
    await expect.poll(() => one.getByTestId('duty-state').textContent()).toBe('On duty');
    await one.getByRole('switch', { name: 'Go off duty' }).waitFor();
    await one.getByRole('button', { name: '中文' }).click();
    await expect.poll(() => one.getByTestId('duty-state').textContent()).toBe('在岗');
  });

  it("the county admin reaches the roster from the navigation; the dashboard's consultation figures equal the API's", async () => {
    const page = await newPage();
    await signIn(page, 'admin');
    await page.getByRole('link', { name: '值班表' }).click();
    await page.getByTestId('roster-grid').waitFor();
    await page.getByRole('link', { name: '统计分析' }).click();
    await page.getByTestId('consultation-kpis').waitFor({ timeout: 20_000 });
    const stats = await api<any>(adminToken, 'GET', '/statistics/consultations');
    expect(stats.totals.answered).toBeGreaterThan(0);
    const shown = async (k: string) => (await page.locator(`[data-consult-figure=${k}]`).textContent())!.replace(/[,\s]/g, '');
    for (const k of ['requested', 'answered', 'abandoned', 'callbacks', 'callbacksKept', 'callbacksMissed', 'waitP50S', 'waitP95S']) {
      expect(await shown(k), k).toBe(stats.totals[k] === null ? '—' : String(stats.totals[k]));
    }
    for (const id of ['chart-consult-topic', 'chart-consult-village', 'chart-consult-callbacks']) {
      await expect.poll(() => page.locator(`[data-testid=${id}] svg path`).count(), { timeout: 10_000 }).toBeGreaterThan(2);
    }
    await check(page, 'lawyer-dashboard');
  });
});
