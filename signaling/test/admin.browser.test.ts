/*
 * A county runs its own organisation (issue #13), in real Chromium against the real
 * server, clicks and typing only. A fresh install (no demo data) gets its first
 * administrator through `npm run user:create`'s code path; the administrator creates a
 * township, a village with its talk room, a grid worker and a mediator (passwords shown
 * once), enrols the new talk room's kiosk on the kiosk itself (/enrol); the new mediator
 * opens a case in the new village and schedules a session now; the kiosk lists it and
 * takes its seat, and the mediator, in the room, lets it in (both decode each other) and
 * ends the session (the kiosk's list is empty again); the administrator disables the grid worker, whose next sign-in is
 * refused in words. axe-core on every new page; screenshots (1280×800 and 390 px wide)
 * in test-output/screenshots/admin-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { createUserFromArgs, parseCreateUserArgs } from '@shuoshi/db';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { eventually, launchChromium } from './support/browser';
import { from } from './support/mediation-pages';
import { checkPage, openPage, signInThroughPage } from './support/console-pages';

let server: TestServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let adminPassword: string;
const STAFF = { viewport: { width: 1280, height: 800 } };
// a desktop context 390 px wide: the layout viewport cannot grow to fit wide content (isMobile would hide an overflow)
const NARROW = { viewport: { width: 390, height: 844 } };
const created: Record<'operator' | 'mediator', { username: string; password: string }> = { operator: { username: 'liuwan.zhao', password: '' }, mediator: { username: 'xinhe.qian', password: '' } };
let kioskPage: Page;
let mediatorPage: Page;
let caseUrl: string;

/** No raw error code (BAD_CREDENTIALS, ROLE_NOT_ALLOWED…) anywhere a person reads. */
async function noCodes(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/\b[A-Z]{3,}(_[A-Z]+)+\b/);
}

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name, exact: true }).click();

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  // a fresh production install: no county yet; the first administrator comes from the CLI's code path
  expect(await server.db.prisma.county.count()).toBe(0);
  const first = await createUserFromArgs(server.db.prisma, parseCreateUserArgs({ role: 'COUNTY_ADMIN', county: '青山县', username: 'admin.zhou', name: '县管理员 周敏' }));
  adminPassword = first.password;
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

describe('the county administrator', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openPage(browser, contexts, STAFF);
    page.on('dialog', (d) => void d.accept());
  });

  it('signs in and creates a township and a village: each comes with its room', async () => {
    await signInThroughPage(page, server.url, 'admin.zhou', adminPassword);
    await nav(page, '组织管理');
    await page.waitForURL(/\/admin\/organisation$/);
    await page.getByText('还没有乡镇').waitFor();
    await page.getByLabel('乡镇名称').fill('新河镇');
    await page.getByRole('button', { name: '新增乡镇' }).click();
    await expect.poll(() => page.getByTestId('admin-notice').textContent()).toBe('已新增“新河镇”，并建好了“新河镇人民调解委员会调解室”。');
    await page.getByLabel('所属乡镇').selectOption({ label: '新河镇' });
    await page.getByLabel('村（社区）名称').fill('柳湾村');
    await page.getByRole('button', { name: '新增村（社区）' }).click();
    await expect.poll(() => page.getByTestId('admin-notice').textContent()).toBe('已新增“柳湾村”，并建好了“柳湾村说事拉理室”。');
    await page.getByRole('rowheader', { name: '柳湾村' }).waitFor();
    await expect(page.getByRole('row').filter({ hasText: '柳湾村说事拉理室' }).count()).resolves.toBe(1);
    // a mistake is said in words: the same township twice
    await page.getByLabel('乡镇名称').fill('新河镇');
    await page.getByRole('button', { name: '新增乡镇' }).click();
    await page.getByRole('alert').filter({ hasText: '这个名称已经有了' }).waitFor();
    await noCodes(page);
    await page.getByLabel('乡镇名称').fill('');
    // a village added by mistake is renamed, then deactivated (kept, marked, not deleted)
    await page.getByLabel('村（社区）名称').fill('临时村');
    await page.getByRole('button', { name: '新增村（社区）' }).click();
    await page.getByRole('rowheader', { name: '临时村' }).waitFor();
    await page.getByRole('button', { name: '改名：临时村', exact: true }).click();
    await page.getByLabel('新名称（临时村）').fill('旧渡口村');
    await page.getByRole('button', { name: '保存' }).click();
    await page.getByRole('rowheader', { name: '旧渡口村' }).waitFor();
    await page.getByRole('button', { name: '停用：旧渡口村', exact: true }).click();
    const old = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '旧渡口村' }) });
    await old.getByText('旧渡口村说事拉理室').waitFor(); // the village's talk room follows its new name
    await expect.poll(() => old.getByText('已停用').count()).toBeGreaterThan(0);
    await page.getByRole('button', { name: '恢复使用：旧渡口村', exact: true }).waitFor();
    const village = await server.db.prisma.village.findFirstOrThrow({ where: { name: '旧渡口村' } });
    expect(village.active).toBe(false);
    expect(await server.db.prisma.talkRoom.findFirstOrThrow({ where: { villageId: village.id } })).toMatchObject({ active: false });
    await checkPage(page, 'admin-organisation');
  });

  it('creates a grid worker for the new talk room and a mediator for the new township; each password is shown once', async () => {
    await nav(page, '人员账号');
    await page.waitForURL(/\/admin\/staff$/);
    const add = async (role: string, name: string, username: string, place: { label: string; option: string }) => {
      await page.getByLabel('姓名').fill(name);
      await page.getByLabel('登录用户名').fill(username);
      await page.getByLabel('岗位').selectOption({ label: role });
      await page.getByLabel(place.label).selectOption({ label: place.option });
      await page.getByRole('button', { name: '新增账号' }).click();
      const box = page.getByTestId('password-once');
      await box.waitFor();
      await expect(box.textContent()).resolves.toContain(`${name} 的登录用户名是 ${username}`);
      const password = (await page.getByTestId('new-password').textContent())!;
      expect(password).toMatch(/^\d{4}-\d{4}-\d{4}-\d{4}$/);
      return password;
    };
    created.operator.password = await add('村居说事员', '赵柳湾', created.operator.username, { label: '所在村的说事室', option: '新河镇 · 柳湾村说事拉理室' });
    await checkPage(page, 'admin-staff-password');
    await page.getByRole('button', { name: '我已记下' }).click();
    await expect(page.getByTestId('password-once').count()).resolves.toBe(0); // shown once
    created.mediator.password = await add('镇调解员', '钱新河', created.mediator.username, { label: '所属乡镇', option: '新河镇' });
    await page.getByRole('button', { name: '我已记下' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: '赵柳湾' }) });
    await expect(row.textContent()).resolves.toContain('新河镇 柳湾村');
    await expect(row.textContent()).resolves.toContain('使用中');
    await noCodes(page);
    await checkPage(page, 'admin-staff');
  });
});

describe('the new talk room kiosk, the new mediator, and a disabled grid worker', () => {
  it('the administrator enrols the kiosk on the kiosk itself, for the new talk room', async () => {
    kioskPage = await openPage(browser, contexts, STAFF);
    await signInThroughPage(kioskPage, server.url, 'admin.zhou', adminPassword);
    await nav(kioskPage, '设备管理');
    await kioskPage.waitForURL(/\/admin\/devices/);
    await kioskPage.getByText('这个说事室还没有登记设备').or(kioskPage.getByTestId('device-table')).first().waitFor();
    await kioskPage.getByRole('link', { name: '在这台电脑上登记设备' }).click();
    await kioskPage.waitForURL(/\/enrol$/);
    await kioskPage.getByLabel('说事室').selectOption({ label: '柳湾村说事拉理室' });
    await kioskPage.getByLabel('设备名称（可选）').fill('柳湾村电视');
    await kioskPage.getByRole('button', { name: '登记本设备' }).click();
    await kioskPage.getByTestId('enrolled').waitFor();
    // the devices page lists it for that talk room (not seen yet)
    await nav(kioskPage, '设备管理');
    await kioskPage.getByLabel('说事室').selectOption({ label: '新河镇 · 柳湾村说事拉理室' });
    const row = kioskPage.getByRole('row').filter({ has: kioskPage.getByRole('rowheader', { name: '柳湾村电视' }) });
    await expect.poll(() => row.textContent()).toContain('尚未使用');
    await checkPage(kioskPage, 'admin-devices');
    await kioskPage.getByRole('button', { name: '退出登录' }).click();
    await kioskPage.waitForURL(/\/login/);
  });

  it('the new mediator signs in, opens a case in the new village and schedules a session now', async () => {
    const page = await openPage(browser, contexts, STAFF);
    mediatorPage = page;
    await signInThroughPage(page, server.url, created.mediator.username, created.mediator.password);
    await nav(page, '受理登记');
    await page.waitForURL(/\/cases\/new$/);
    await page.getByLabel('村（社区）').selectOption({ label: '柳湾村' });
    await page.getByLabel('纠纷类型').selectOption('NEIGHBOUR');
    await page.getByLabel('受理方式').selectOption('WALK_IN');
    await page.getByLabel('纠纷简况').fill('两户因排水沟堵塞发生争执，请求调解。');
    await page.locator('input[name=party-0-name]').fill('孙大河');
    await page.locator('input[name=party-1-name]').fill('周小溪');
    await page.getByRole('button', { name: '受理', exact: true }).click();
    await page.waitForURL(/\/cases\/[0-9a-f-]{36}$/);
    caseUrl = page.url();
    await page.getByRole('link', { name: '安排视频调解' }).click();
    await page.waitForURL(/\/schedule$/);
    await expect(page.getByRole('checkbox', { name: '柳湾村说事拉理室' }).isChecked()).resolves.toBe(true);
    await page.getByRole('button', { name: '安排并发放邀请码' }).click();
    await page.getByTestId('invite-codes').waitFor();
  });

  it('the kiosk lists the session and takes its seat', async () => {
    await kioskPage.goto(`${server.url}/kiosk`);
    await kioskPage.getByTestId('kiosk-sessions').waitFor();
    const rows = kioskPage.locator('.k-session');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    await kioskPage.getByRole('button', { name: '进入调解' }).click();
    await kioskPage.getByTestId('kiosk-check').waitFor();
    await kioskPage.getByRole('button', { name: '好了，进入调解' }).click();
    await kioskPage.getByTestId('kiosk-waiting').waitFor({ timeout: 30_000 });
    // the device was seen: the administrator's page says when
    const device = await server.db.prisma.talkRoomDevice.findFirstOrThrow({ where: { label: '柳湾村电视' } });
    expect(device.lastSeenAt).not.toBeNull();
  }, 60_000);

  it('the new mediator enters the room from the case file and lets the kiosk in', async () => {
    await mediatorPage.goto(caseUrl);
    await mediatorPage.getByRole('region', { name: '视频调解' }).getByRole('button', { name: '进入视频调解' }).click();
    await mediatorPage.waitForURL(/\/room\/[^#]+#token=/);
    await mediatorPage.waitForFunction(() => globalThis.__shuoshi?.client?.state === 'joined', undefined, { timeout: 30_000 });
    const waiting = mediatorPage.getByTestId('lobby-panel').locator('li[data-waiting-peer]');
    await waiting.first().waitFor({ timeout: 20_000 });
    await expect(waiting.first().textContent()).resolves.toContain('来自 柳湾村说事拉理室');
    await waiting.first().getByRole('button', { name: /^请进：.+$/ }).click();
    await kioskPage.waitForFunction(() => globalThis.__shuoshi?.client?.admission === 'admitted', undefined, { timeout: 20_000 });
    // a short session: each sees and hears the other
    const kioskPeer = (await kioskPage.evaluate(() => globalThis.__shuoshi?.client?.self?.peerId))!;
    const mediatorPeer = (await mediatorPage.evaluate(() => globalThis.__shuoshi?.client?.self?.peerId))!;
    await eventually(async () => {
      const [k, m] = await Promise.all([from(mediatorPage, kioskPeer), from(kioskPage, mediatorPeer)]);
      return k.videoFrames > 0 && k.audioBytes > 0 && m.videoFrames > 0 && m.audioBytes > 0;
    }, 20_000, 'the mediator and the new kiosk to decode each other');
    await kioskPage.setViewportSize({ width: 1024, height: 768 }); // the kiosk's screen
    await noCodes(kioskPage);
    await checkPage(kioskPage, 'admin-new-kiosk-room');
    await checkPage(mediatorPage, 'admin-new-mediator-room');
  }, 60_000);

  it('the new mediator ends the session: the kiosk is told and its list is empty; the session has its start and end', async () => {
    await mediatorPage.getByRole('button', { name: '结束调解（全体）' }).click();
    await mediatorPage.getByRole('dialog').getByRole('button', { name: '确认结束' }).click();
    await mediatorPage.getByTestId('ended-screen').waitFor({ timeout: 20_000 });
    const left = kioskPage.locator('[data-testid=kiosk-room][data-state=left]');
    await left.waitFor({ timeout: 20_000 });
    await noCodes(kioskPage);
    await checkPage(kioskPage, 'admin-new-kiosk-ended');
    await left.getByRole('button').click();
    const list = kioskPage.getByTestId('kiosk-sessions');
    await list.waitFor({ timeout: 15_000 });
    await eventually(async () => (await list.getByRole('status').count()) === 0, 15_000, "the kiosk's list loaded");
    expect(await kioskPage.locator('.k-session').count()).toBe(0);
    const session = await server.db.prisma.session.findFirstOrThrow({ where: { case: { village: { name: '柳湾村' } } } });
    expect(session.startedAt).toBeInstanceOf(Date);
    expect(session.endedAt).toBeInstanceOf(Date);
    await checkPage(kioskPage, 'admin-new-kiosk-after-end');
  }, 60_000);

  it('the administrator sees when the kiosk was last seen and revokes it; the kiosk then asks to be enrolled again, in words', async () => {
    const admin = await openPage(browser, contexts, STAFF);
    admin.on('dialog', (d) => void d.accept());
    await signInThroughPage(admin, server.url, 'admin.zhou', adminPassword);
    await nav(admin, '设备管理');
    await admin.getByLabel('说事室').selectOption({ label: '新河镇 · 柳湾村说事拉理室' });
    const row = admin.getByRole('row').filter({ has: admin.getByRole('rowheader', { name: '柳湾村电视' }) });
    await expect.poll(() => row.textContent()).not.toContain('尚未使用'); // seen when it took its seat
    await row.getByRole('button', { name: '注销设备：柳湾村电视' }).click();
    await expect.poll(() => row.textContent()).toContain('已注销');
    await noCodes(admin);
    await checkPage(admin, 'admin-devices-revoked');
    await kioskPage.reload();
    await kioskPage.getByTestId('kiosk-enrol').waitFor({ timeout: 15_000 });
    await expect.poll(() => kioskPage.getByTestId('kiosk-enrol').textContent()).toContain('本机的登记已失效，请网格员重新登记。');
    // it was enrolled: the heading does not say it never was
    expect(await kioskPage.getByRole('heading', { level: 2 }).textContent()).toBe('本机需要重新登记');
    await noCodes(kioskPage);
    await checkPage(kioskPage, 'admin-kiosk-revoked');
  }, 60_000);

  it('the grid worker signs in; once the administrator disables the account, the next sign-in is refused in words', async () => {
    const worker = await openPage(browser, contexts, STAFF);
    await signInThroughPage(worker, server.url, created.operator.username, created.operator.password);
    await worker.getByRole('button', { name: '退出登录' }).click();
    await worker.waitForURL(/\/login/);

    const admin = await openPage(browser, contexts, STAFF);
    admin.on('dialog', (d) => void d.accept());
    await signInThroughPage(admin, server.url, 'admin.zhou', adminPassword);
    await nav(admin, '人员账号');
    await admin.getByRole('button', { name: '停用账号：赵柳湾' }).click();
    await expect.poll(() => admin.getByRole('status').filter({ hasText: '账号已停用' }).count()).toBe(1);
    const row = admin.getByRole('row').filter({ has: admin.getByRole('rowheader', { name: '赵柳湾' }) });
    await expect.poll(() => row.textContent()).toContain('已停用');
    await admin.getByRole('button', { name: '恢复账号：赵柳湾' }).waitFor();

    await worker.getByLabel('用户名').fill(created.operator.username);
    await worker.getByLabel('密码').fill(created.operator.password);
    await worker.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => worker.getByRole('alert').textContent()).toBe('该账号已停用，请联系管理员。');
    await noCodes(worker);
    await checkPage(worker, 'admin-refused-sign-in');
  });

  it('the administration pages work at 390 px wide (nothing overflows)', async () => {
    const phone = await openPage(browser, contexts, NARROW);
    await signInThroughPage(phone, server.url, 'admin.zhou', adminPassword);
    for (const [path, name, ready] of [
      ['/admin/organisation', 'admin-organisation-390', '柳湾村'],
      ['/admin/staff', 'admin-staff-390', '赵柳湾'],
      ['/admin/devices', 'admin-devices-390', '说事室'],
    ] as const) {
      await phone.goto(`${server.url}${path}`);
      await phone.getByText(ready).first().waitFor();
      await noCodes(phone);
      expect(await phone.evaluate('document.documentElement.scrollWidth <= window.innerWidth'), `${path} overflows at 390 px`).toBe(true);
      await checkPage(phone, name);
    }
  });
});
