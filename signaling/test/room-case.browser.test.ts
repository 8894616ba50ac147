/*
 * Issue #13, "what a mediator expects in the room and the case file", by clicking in real
 * Chromium against the real server (mediasoup, database): the mediator (staff, 1280×800)
 * enters the room from the case file and sees the case (number, kind, each party's
 * name, side and where they join from; the tab named after the case, no room or session
 * id anywhere), two kiosks of the same talk room told apart, a timer counting from the
 * server's start, private notes saved to the case file (they survive a reload), the host
 * panel beside the videos while people move between caucus groups (the videos never
 * leave the screen), and after 结束调解 a 返回案件 that leads back to the case file, which
 * shows the notes. Screenshots: test-output/screenshots/room13-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { eventually, launchChromium } from './support/browser';
import { enrolDeviceByApi, type KioskFixture } from './support/kiosk';
import { signInThroughPage } from './support/console-pages';
import { liveWorld, type LiveWorld } from './support/live-world';
import { PASSWORD } from './api/fixture';
import { admission, from } from './support/mediation-pages';

// the page's globals, used inside page.evaluate (the tests compile without the DOM library)
declare const window: { scrollY: number; innerHeight: number };
declare const document: {
  title: string;
  body: { innerText: string };
  querySelectorAll(selector: string): Iterable<{ getBoundingClientRect(): { top: number; bottom: number } }>;
  querySelector(selector: string): { getAttribute(name: string): string | null; currentTime?: number } | null;
};

const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'screenshots');
const TZ = 'Asia/Shanghai';
const ROOM = '东坪村说事拉理室';
const NOTES = '双方同意先由村里丈量界桩，\n刘大山愿意承担一半费用。';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

let server: TestServer;
let w: LiveWorld;
let browser: Browser;
const contexts: BrowserContext[] = [];
let caseId: string;
let caseNumber: string;
let sessionId: string;
let roomId: string;
let room: Page;
const kiosks: Array<{ deviceId: string; stored: string; page: Page }> = [];

const shot = async (page: Page, name: string) => {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `room13-${name}.png`) });
};

/** Every tile is wholly on the screen and the page itself has not scrolled. */
async function videosInView(page: Page, what: string): Promise<void> {
  const { scrollY, tiles, height } = await page.evaluate(() => ({
    scrollY: window.scrollY,
    height: window.innerHeight,
    tiles: [...document.querySelectorAll('.room-main .tile')].map((t) => {
      const r = t.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom };
    }),
  }));
  expect(scrollY, `${what}: the page did not scroll`).toBe(0);
  expect(tiles.length, what).toBeGreaterThan(0);
  for (const t of tiles) {
    expect(t.top, `${what}: a tile's top is on screen`).toBeGreaterThanOrEqual(0);
    expect(t.bottom, `${what}: a tile's bottom is on screen`).toBeLessThanOrEqual(height);
  }
}

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer({ graceMs: 30_000 }), launchChromium()]);
  w = await liveWorld(server);
  const mediator = await w.token('mediator1');
  const c = await w.rest('POST', '/api/cases', mediator, {
    villageId: w.org.villages.v1a,
    category: 'LAND_HOMESTEAD',
    intakeChannel: 'WALK_IN',
    description: '两家因承包地界桩位置发生争执。',
    parties: [{ partyId: w.org.parties.p1, side: 'A' }, { partyId: w.org.parties.p2, side: 'B' }],
  });
  expect(c.status).toBe(201);
  caseId = c.body.id;
  caseNumber = c.body.caseNumber;
  // 刘大山 comes to the village talk room; 赵小河 joins from a phone (invite code); the lawyer is invited
  const s = await w.rest('POST', '/api/sessions', mediator, { kind: 'MEDIATION', caseId, talkRoomIds: [w.org.rooms.v1a], partyIds: [w.org.parties.p2], staffIds: [w.org.staff.lawyer.id] });
  expect(s.status).toBe(201);
  sessionId = s.body.id;
  roomId = s.body.roomId;
  // two PCs of the same talk room, enrolled under the same name
  for (let i = 0; i < 2; i++) {
    const d = await enrolDeviceByApi(server.url, { operator: { id: w.org.staff.operator1.id, username: 'operator1', password: PASSWORD }, talkRoomId: w.org.rooms.v1a, talkRoomName: ROOM } as KioskFixture, '说事室电脑');
    kiosks.push({ deviceId: d.deviceId, stored: d.stored, page: undefined as unknown as Page });
  }
}, 240_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
});

async function newPage(viewport: { width: number; height: number }, init?: string): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: TZ });
  contexts.push(context);
  if (init) await context.addInitScript({ content: init });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error('[page error]', err));
  return page;
}

describe('the mediator in the room and the case file (issue #13)', () => {
  it('the room shows the case: number, kind, parties with side and place; the tab is the case; two kiosks of one talk room told apart', async () => {
    // both kiosks join from the kiosk's session list and wait in the lobby
    for (const k of kiosks) {
      k.page = await newPage({ width: 1024, height: 768 }, `localStorage.setItem('shuoshi.device', ${JSON.stringify(k.stored)}); localStorage.removeItem('shuoshi.locale');`);
      await k.page.goto(`${server.url}/kiosk`);
      const row = k.page.locator(`.k-session[data-session-id="${sessionId}"]`);
      await row.waitFor({ timeout: 20_000 });
      await row.getByRole('button', { name: '进入调解' }).click();
      await k.page.getByTestId('kiosk-check').waitFor({ timeout: 20_000 });
      await k.page.getByRole('button', { name: '好了，进入调解' }).click();
      await k.page.getByTestId('kiosk-waiting').waitFor({ timeout: 30_000 });
    }

    room = await newPage({ width: 1280, height: 800 });
    await signInThroughPage(room, server.url, 'mediator1', PASSWORD);
    await room.goto(`${server.url}/cases/${caseId}`);
    await room.getByRole('region', { name: '视频调解' }).getByRole('button', { name: '进入视频调解' }).click();
    await room.waitForURL(/\/room\/[^#]+#token=/);
    await room.waitForFunction(() => globalThis.__shuoshi?.client?.state === 'joined', undefined, { timeout: 30_000 });
    const lobby = room.getByTestId('lobby-panel');
    await eventually(async () => (await lobby.locator('li[data-waiting-peer]').count()) === 2, 20_000, 'both kiosks in the lobby panel');
    for (const k of kiosks) {
      await lobby.locator(`li[data-waiting-peer="device-${k.deviceId}"]`).getByRole('button', { name: /^请进：.+$/ }).click();
      await eventually(async () => (await admission(k.page)) === 'admitted', 15_000, 'kiosk admitted');
    }

    const header = room.getByTestId('case-header');
    await header.waitFor({ timeout: 15_000 });
    expect(await header.getByRole('heading', { level: 2 }).textContent()).toBe('土地宅基地纠纷调解');
    expect(await room.getByTestId('room-case-number').textContent()).toBe(`案件编号 ${caseNumber}`);
    expect(await header.getByTestId('case-party').allTextContents()).toEqual([`申请方 刘大山在${ROOM}参加`, '被申请方 赵小河用手机参加']);
    expect(await room.title()).toBe(`${caseNumber} 土地宅基地纠纷调解 · 说事`);

    // the two PCs of one talk room (each named after it): told apart on their tiles
    const names = await Promise.all(kiosks.map((k) => room.locator(`.tile[data-peer-id="device-${k.deviceId}"]`).getByTestId('tile-name').textContent()));
    expect(names.sort()).toEqual([`${ROOM} · 设备1`, `${ROOM} · 设备2`]);

    // no raw id anywhere a person can read
    const visible = await room.evaluate(() => `${document.title}\n${document.body.innerText}`);
    for (const id of [roomId, sessionId, caseId]) expect(visible).not.toContain(id);
    expect(visible).not.toMatch(UUID);
    expect(visible).not.toMatch(/\br-[0-9a-f]{6,}/);
  }, 180_000);

  it('the timer counts from the session start on the server (a reload does not reset it)', async () => {
    const startedAt = (await server.db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).startedAt!;
    const elapsed = async () => Number(await room.getByTestId('session-timer').getAttribute('data-elapsed-s'));
    const shown = await elapsed();
    expect(Math.abs(shown - (Date.now() - startedAt.getTime()) / 1000)).toBeLessThanOrEqual(3);
    await room.waitForFunction((s) => Number(document.querySelector('[data-testid=session-timer]')?.getAttribute('data-elapsed-s')) > s, shown, { timeout: 10_000 });
    expect(await room.getByTestId('session-timer').textContent()).toMatch(/^已进行 \d+:\d{2}$/);
  }, 60_000);

  it("the lawyer's invited mediations show the case number and the parties' names, never an id", async () => {
    const lawyer = await newPage({ width: 1280, height: 800 });
    await signInThroughPage(lawyer, server.url, 'lawyer', PASSWORD);
    await lawyer.getByRole('navigation', { name: '主菜单' }).getByRole('link', { name: '咨询记录' }).click();
    await lawyer.waitForURL((u) => u.pathname === '/lawyer/consultations');
    const row = lawyer.getByRole('region', { name: '邀请我参加的视频调解' }).getByTestId('session');
    await row.first().waitFor({ timeout: 15_000 });
    expect(await row.count()).toBe(1);
    expect(await row.getByTestId('invited-case-number').textContent()).toBe(caseNumber);
    expect(await row.textContent()).toContain('土地宅基地纠纷');
    expect(await row.getByTestId('invited-parties').textContent()).toBe('当事人：刘大山、赵小河');
    expect(await row.textContent()).toContain('调解员 测试 mediator1');
    const visible = await lawyer.locator('body').innerText();
    expect(visible).not.toMatch(UUID);
    await shot(lawyer, 'lawyer-invited');
    await lawyer.context().close();
  }, 60_000);

  it('private notes are typed, saved to the case file a moment after typing stops, and survive a reload', async () => {
    const notes = room.getByTestId('notes-panel').getByRole('textbox');
    await notes.click();
    await room.keyboard.type(NOTES.split('\n')[0]!);
    await room.keyboard.press('Enter');
    await room.keyboard.type(NOTES.split('\n')[1]!);
    await eventually(async () => (await room.getByTestId('notes-status').getAttribute('data-state')) === 'saved', 15_000, 'the notes saved');
    const stored = await server.db.prisma.mediationNote.findUniqueOrThrow({ where: { sessionId } });
    expect(stored.text).toBe(NOTES);
    expect(stored.authorId).toBe(w.org.staff.mediator1.id);
    await shot(room, 'room-mediator');

    const before = Number(await room.getByTestId('session-timer').getAttribute('data-elapsed-s'));
    await room.reload();
    await room.waitForFunction(() => globalThis.__shuoshi?.client?.state === 'joined', undefined, { timeout: 30_000 });
    await eventually(async () => (await room.getByTestId('notes-panel').getByRole('textbox').inputValue()) === NOTES, 15_000, 'the notes back after a reload');
    await room.getByTestId('session-timer').waitFor();
    expect(Number(await room.getByTestId('session-timer').getAttribute('data-elapsed-s'))).toBeGreaterThanOrEqual(before);
    const reads = await server.db.prisma.auditLog.count({ where: { action: 'notes.read', entityId: sessionId, actorId: w.org.staff.mediator1.id } });
    expect(reads).toBeGreaterThanOrEqual(2);
    await eventually(async () => (await room.locator('.room-main .tile').count()) === 3, 20_000, 'both kiosks back on screen');
  }, 90_000);

  it('the host panel sits beside the videos at 1280×800; moving people between caucus groups never scrolls the videos away', async () => {
    const panel = (await room.getByTestId('host-panel').boundingBox())!;
    const tiles = (await room.locator('.room-main .tiles').boundingBox())!;
    expect(panel.x).toBeGreaterThanOrEqual(tiles.x + tiles.width);
    await videosInView(room, 'at first');
    const caucus = room.getByTestId('caucus-panel');
    for (const name of ['甲方组', '乙方组']) {
      await caucus.getByLabel('新分组名称').fill(name);
      await caucus.getByRole('button', { name: '添加分组' }).click();
    }
    await videosInView(room, 'groups made');
    const moveTo = async (peerId: string, group: string) => {
      await caucus.locator(`.caucus-person[data-peer="${peerId}"]`).getByRole('combobox').selectOption({ label: group });
      await eventually(async () => server.rooms.get(roomId)!.caucus.groups().find((g) => g.label === group)?.peerIds.includes(peerId) === true, 10_000, `${peerId} in ${group}`);
      await videosInView(room, `${peerId} moved to ${group}`);
    };
    await moveTo(`device-${kiosks[0]!.deviceId}`, '甲方组');
    await moveTo(`device-${kiosks[1]!.deviceId}`, '乙方组');
    await moveTo(`staff-${w.org.staff.mediator1.id}`, '甲方组');
    await shot(room, 'room-caucus');
    await caucus.getByRole('button', { name: '全体回到会场' }).click();
    await eventually(async () => server.rooms.get(roomId)!.caucus.groups().length === 0, 10_000, 'everyone back');
    await videosInView(room, 'everyone back');
  }, 90_000);

  it("recording with everyone's consent: a few seconds of every track, then stopped", async () => {
    await room.getByRole('button', { name: '开始录音录像' }).click();
    for (const k of kiosks) {
      const dialog = k.page.getByRole('dialog');
      await dialog.waitFor({ timeout: 15_000 });
      await dialog.getByRole('button', { name: '同意录音' }).click();
      await k.page.getByTestId('kiosk-consent-sent').waitFor();
    }
    await room.getByTestId('consent-prompt').getByRole('button', { name: '同意', exact: true }).click({ timeout: 15_000 });
    await expect.poll(() => room.getByTestId('rec-state').textContent(), { timeout: 20_000 }).toBe('录制中');
    await eventually(async () => (await server.db.prisma.recording.count({ where: { sessionId } })) >= 6, 20_000, 'a recording per track (3 × camera and microphone)');
    // about three seconds of media, counted in frames the mediator decodes from a kiosk
    const frames = async () => (await from(room, `device-${kiosks[0]!.deviceId}`)).videoFrames;
    const base = await frames();
    await eventually(async () => (await frames()) >= base + 60, 30_000, 'media recorded');
    await room.getByRole('button', { name: '停止录音录像' }).click();
    await expect.poll(() => room.getByTestId('rec-state').textContent(), { timeout: 15_000 }).toBe('已停止');
    await eventually(async () => (await server.db.prisma.recording.count({ where: { sessionId, endedAt: null } })) === 0, 30_000, 'every recording finalised');
  }, 120_000);

  it('after 结束调解 the mediator is offered 返回案件, which opens the case file with the notes', async () => {
    await room.getByRole('button', { name: '结束调解（全体）' }).click();
    await room.getByRole('dialog').getByRole('button', { name: '确认结束' }).click();
    const back = room.getByTestId('ended-screen').getByRole('link', { name: '返回案件' });
    await back.waitFor({ timeout: 15_000 });
    await shot(room, 'room-ended');
    await back.click();
    await room.waitForURL((u) => u.pathname === `/cases/${caseId}`);
    const notes = room.getByRole('region', { name: '调解笔录（草稿）' }).getByTestId('case-notes');
    await notes.waitFor({ timeout: 15_000 });
    expect(await notes.locator('.notes-text').textContent()).toBe(NOTES);
  }, 60_000);

  it("the case file's recordings play in the browser: a participant's track and the composed rendition", async () => {
    // the rendition is made after the recording stops (ffmpeg): wait for it in the database, then open the file again
    await eventually(async () => (await server.db.prisma.recording.count({ where: { sessionId, kind: 'RENDITION', sha256: { not: null } } })) === 1, 180_000, 'the composed rendition made');
    await room.reload();
    const list = room.getByRole('region', { name: '录音录像' });
    const rendition = list.locator('[data-testid=recording][data-kind=RENDITION]');
    await rendition.getByRole('button', { name: '播放合成录像' }).click();
    const track = list.locator('[data-testid=recording][data-kind=VIDEO]').first();
    await track.getByRole('button', { name: '播放录像' }).click();
    const plays = async (selector: string) =>
      room.waitForFunction((sel) => (document.querySelector(sel)?.currentTime ?? 0) > 1, selector, { timeout: 30_000 });
    await plays('[data-kind=RENDITION] video');
    await plays('[data-kind=VIDEO] video');
    await list.scrollIntoViewIfNeeded();
    await shot(room, 'case-file');
    const audited = await server.db.prisma.auditLog.findMany({ where: { action: 'recording.play', actorId: w.org.staff.mediator1.id } });
    expect(audited.length).toBeGreaterThanOrEqual(2);
  }, 240_000);
});
