/*
 * The live room's UI in real Chromium against the real server (mediasoup, database,
 * ffmpeg): everything is done by clicking, typing, choosing and dragging on the pages
 * (zh-CN), and checked on the other pages and on the server. The host page and the
 * waiting page are checked with axe-core (no serious or critical violations);
 * screenshots go to test-output/screenshots/room-*.png.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { issueAccessToken } from '../src/auth/tokens';
import { staffPrincipal } from '../src/auth/staff-sign-in';
import { PNG_1x1 } from './api/helpers';
import { seedEvidenceFixture, type EvidenceFixture } from './recording/fixture';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { Participant, eventually, launchChromium, mediaWindow } from './support/browser';
import { injectScriptFile } from './support/inject';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'screenshots');
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const ROOM = 'room-ui-2026-0001';
const id = (n: string) => `peer-${n}`;
/** The protocol id the UI gives a group named in Chinese (`u.` + UTF-8 hex). */

let server: TestServer;
let browser: Browser;
const opened: Participant[] = [];

async function open(name: string, role: 'mediator' | 'party' | 'lawyer' | 'operator', opts: { room?: string; peerId?: string; autoAdmit?: boolean; fragment?: string } = {}): Promise<Participant> {
  const room = opts.room ?? ROOM;
  const token = await server.token(room, role, name, opts.peerId ?? id(name), { autoAdmit: opts.autoAdmit });
  const p = await Participant.open(browser, name, `${server.url}/room/${room}#token=${token}${opts.fragment ?? ''}`);
  opened.push(p);
  await p.waitForState('joined');
  return p;
}

/** axe-core on the page as it is: no serious or critical violations; a zh-CN screenshot. */
async function check(page: Page, name: string): Promise<void> {
  await injectScriptFile(page, AXE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<{ violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }> }> } }).axe;
    const r = await axe.run((globalThis as unknown as { document: unknown }).document, { resultTypes: ['violations'] });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, impact: v.impact, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  });
  await shot(page, name);
  expect(violations, `axe on ${name}`).toEqual([]);
}

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const visible = async (l: Locator) => (await l.count()) > 0 && (await l.first().isVisible());

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
}, 180_000);

afterAll(async () => {
  for (const p of opened) await p.close();
  await browser?.close();
  await server?.stop();
});

describe('the room UI: lobby, host controls, caucus and chat (real Chromium)', () => {
  let mediator: Participant;
  let villager: Participant;
  let stranger: Participant;
  let lawyer: Participant;
  const person = (p: string) => mediator.page.locator(`[data-testid="people-panel"] li[data-person="${id(p)}"]`);

  beforeAll(async () => {
    villager = await open('刘大山', 'party', { peerId: id('villager'), autoAdmit: false });
    stranger = await open('陌生人', 'party', { peerId: id('stranger'), autoAdmit: false });
  }, 60_000);

  it('a waiting party sees the calm waiting screen, told no mediator is here yet, then that one is', async () => {
    const waiting = villager.page.getByTestId('waiting-screen');
    await expect.poll(() => visible(waiting)).toBe(true);
    expect(await waiting.getByRole('heading').textContent()).toBe('请稍候，调解员将请您进入');
    expect(await waiting.getByRole('status').textContent()).toBe('调解员尚未进入，请耐心等待。');
    mediator = await open('李调解', 'mediator', { peerId: id('mediator') });
    await expect.poll(() => waiting.getByRole('status').textContent(), { timeout: 10_000 }).toBe('调解员已在调解室中。');
    expect(await villager.page.locator('figure[data-peer-id]').count()).toBe(0);
    await check(villager.page, 'room-waiting');
  }, 60_000);

  it('the mediator sees both in the lobby panel, admits one by clicking (who then sees the mediator) and declines the other', async () => {
    const lobby = mediator.page.getByTestId('lobby-panel');
    await expect.poll(() => lobby.locator('li[data-waiting-peer]').count(), { timeout: 10_000 }).toBe(2);
    expect(await lobby.locator(`li[data-waiting-peer="${id('villager')}"]`).textContent()).toContain('当事人');

    await mediator.page.getByRole('button', { name: '请进：刘大山' }).click();
    await expect.poll(() => villager.page.evaluate(() => globalThis.__shuoshi!.client!.admission), { timeout: 10_000 }).toBe('admitted');
    const tile = villager.page.locator(`figure[data-peer-id="${id('mediator')}"]`);
    await expect.poll(() => tile.count(), { timeout: 10_000 }).toBe(1);
    expect(await tile.getByTestId('tile-role').textContent()).toBe('调解员');
    await villager.page.evaluate(() => globalThis.__shuoshi!.firstRemoteFrame(performance.now(), 'peer-mediator'));
    await eventually(async () => (await villager.from(id('mediator'))).videoFrames > 0, 15_000, 'the villager to see the mediator');
    expect(await villager.page.locator('video').evaluateAll((vs) => vs.some((v) => (v as unknown as { videoWidth: number }).videoWidth > 0))).toBe(true);

    await mediator.page.getByRole('button', { name: '拒绝：陌生人' }).click();
    const ended = stranger.page.getByTestId('ended-screen');
    await expect.poll(() => ended.getAttribute('data-reason'), { timeout: 10_000 }).toBe('declined');
    expect(await ended.getByRole('heading').textContent()).toBe('调解员未同意您进入本次调解。');
    await expect.poll(() => lobby.locator('li[data-waiting-peer]').count()).toBe(0);
  }, 60_000);

  it('the host mutes the party in the participants list: their unmute button is disabled with a message, and allowed again', async () => {
    const mic = () => [...server.rooms.get(ROOM)!.peers.get(id('villager'))!.producers.values()].find((p) => p.source === 'microphone')!;
    await eventually(async () => !!server.rooms.get(ROOM)?.peers.get(id('villager'))?.producers.size, 15_000, 'the villager to send');
    await person('villager').getByRole('button', { name: '静音' }).click();
    await eventually(async () => mic().producer.paused, 10_000, 'the microphone paused on the server');
    const note = villager.page.getByTestId('muted-by-host');
    await expect.poll(() => visible(note), { timeout: 10_000 }).toBe(true);
    expect(await note.textContent()).toBe('调解员已将您静音，暂时不能打开麦克风。');
    const unmute = villager.page.getByRole('button', { name: '取消静音' });
    expect(await unmute.isDisabled()).toBe(true);
    expect(await villager.page.locator('figure.local').textContent()).toContain('被调解员静音');
    expect(await villager.page.getByRole('group', { name: '我的设备' }).locator('[aria-describedby="mic-held"]').count()).toBe(1);
    // a forced request (not through the disabled button) is refused by the server
    const forced = await villager.page.evaluate(() => globalThis.__shuoshi!.client!.setMicrophoneMuted(false).then(() => 'ok', (e: { code?: string }) => e.code));
    expect(forced).toBe('MUTED_BY_HOST');
    expect(mic().producer.paused).toBe(true);

    // allowing gives the sound back by itself: the host's mute was not the villager's choice (issue #13 bug 1)
    await person('villager').getByRole('button', { name: '允许发言' }).click();
    await expect.poll(() => visible(note), { timeout: 10_000 }).toBe(false);
    await eventually(async () => !mic().producer.paused, 10_000, 'the villager heard again without touching anything');
    await villager.page.getByRole('button', { name: '静音', exact: true }).waitFor();
  }, 60_000);

  it('a raised hand shows on the tiles and in the host list', async () => {
    await villager.page.getByRole('button', { name: /举手/ }).click();
    await expect.poll(() => mediator.page.locator(`figure[data-peer-id="${id('villager')}"] [data-testid="hand"]`).count(), { timeout: 10_000 }).toBe(1);
    expect(await person('villager').textContent()).toContain('已举手');
    await villager.page.getByRole('button', { name: '放下手' }).click();
    await expect.poll(() => mediator.page.locator(`figure[data-peer-id="${id('villager')}"] [data-testid="hand"]`).count(), { timeout: 10_000 }).toBe(0);
  }, 30_000);

  it('caucus: two groups made in the panel, people moved with the "move to" choice and by drag and drop; the server agrees and media follows', async () => {
    lawyer = await open('王律师', 'lawyer', { peerId: id('lawyer') });
    const caucus = mediator.page.getByTestId('caucus-panel');
    /** Whether the server has this person in the group the host named so (group ids are the server's). */
    const inGroup = (who: string, label: string) => server.rooms.get(ROOM)!.caucus.groups().find((g) => g.label === label)?.peerIds.includes(id(who)) === true;
    await expect.poll(() => caucus.locator(`.caucus-person[data-peer="${id('lawyer')}"]`).count(), { timeout: 10_000 }).toBe(1);
    for (const name of ['甲方', '乙方']) {
      await caucus.getByLabel('新分组名称').fill(name);
      await caucus.getByRole('button', { name: '添加分组' }).click();
    }
    await expect.poll(() => caucus.locator('.caucus-group').count()).toBe(3);

    // keyboard alternative: focus the villager's choice and pick 甲方 (the host moves themself the same way)
    const choice = caucus.getByLabel('将 刘大山 移到');
    await choice.focus();
    await choice.selectOption({ label: '甲方' });
    await eventually(async () => inGroup('villager', '甲方'), 10_000, 'the server to put the villager in 甲方');
    await caucus.getByLabel('将 李调解 移到').selectOption({ label: '甲方' });
    await eventually(async () => inGroup('mediator', '甲方'), 10_000, 'the host in 甲方');

    // the host's own page follows their move (tiles of the other group go) before anything is dragged
    await expect.poll(() => mediator.page.locator('.group-note').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => mediator.page.locator(`figure[data-peer-id="${id('lawyer')}"]`).count(), { timeout: 10_000 }).toBe(0);
    // drag and drop: the lawyer onto 乙方
    // a drag cannot scroll the page under the pointer: the mediator's desktop screen shows the whole panel
    await mediator.page.setViewportSize({ width: 1280, height: 1800 });
    await mediator.page.dragAndDrop(`.caucus-person[data-peer="${id('lawyer')}"]`, `.caucus-group[data-label="乙方"]`);
    await eventually(async () => inGroup('lawyer', '乙方'), 10_000, 'the server to put the lawyer in 乙方');
    expect(await caucus.locator(`.caucus-group[data-label="乙方"]`).textContent()).toContain('王律师');
    expect(await caucus.locator(`.caucus-group[data-label="甲方"]`).textContent()).toMatch(/刘大山.*李调解|李调解.*刘大山/);

    // media follows the groups: the lawyer's tile leaves the villager's page; nothing of the lawyer arrives
    await expect.poll(() => villager.page.locator(`figure[data-peer-id="${id('lawyer')}"]`).count(), { timeout: 10_000 }).toBe(0);
    expect(await villager.page.getByTestId('elsewhere').textContent()).toContain('王律师（律师）');
    expect(await villager.page.locator('.group-note').textContent()).toContain('甲方');
    // the mediator's video (same group) is the clock: what was in flight from the lawyer lands, then a second more passes
    const mediatorFrames = async () => (await villager.from(id('mediator'))).videoFrames;
    await mediaWindow(mediatorFrames, 10, "the mediator's video after the move");
    const before = await villager.from(id('lawyer'));
    await mediaWindow(mediatorFrames, 30, "a second of the mediator's video");
    expect(await villager.from(id('lawyer'))).toEqual(before);
    expect(await villager.page.getByTestId('chat-scope').textContent()).toBe('分组：甲方');
    await check(mediator.page, 'room-host');
  }, 90_000);

  it('chat reaches the same group only, typed and sent in the chat panel', async () => {
    await mediator.page.getByLabel('输入消息').fill('请甲方先说说情况');
    await mediator.page.getByRole('button', { name: '发送' }).click();
    await expect.poll(() => villager.page.getByTestId('chat-log').textContent(), { timeout: 10_000 }).toContain('请甲方先说说情况');
    await villager.page.getByLabel('输入消息').fill('好的，我先说');
    await villager.page.keyboard.press('Enter');
    await expect.poll(() => mediator.page.getByTestId('chat-log').textContent(), { timeout: 10_000 }).toContain('好的，我先说');
    // a round trip on the lawyer's own socket: whatever the server sent it before has arrived
    await lawyer.run(() => globalThis.__shuoshi!.client!.loadChat());
    const lawyerLog = await lawyer.page.getByTestId('chat-log').textContent();
    expect(lawyerLog).not.toContain('请甲方先说说情况');
    expect(lawyerLog).not.toContain('好的，我先说');
    expect(await lawyer.page.getByTestId('chat-scope').textContent()).toBe('分组：乙方');
    await shot(villager.page, 'room-party-caucus-chat');
  }, 30_000);

  it('the chat panel holds the latest page; "查看更早的消息" loads the earlier ones (groups shown by the names the host gave)', async () => {
    for (let i = 1; i <= 60; i++) await mediator.runWith((n) => globalThis.__shuoshi!.client!.sendChat(`第${n}条`), i);
    await expect.poll(() => villager.page.getByTestId('chat-log').textContent(), { timeout: 10_000 }).toContain('第60条');
    // as a page that joins now would see it: the latest 50, and the way to the earlier ones
    await villager.run(() => globalThis.__shuoshi!.client!.loadChat());
    const log = villager.page.getByTestId('chat-log');
    await expect.poll(() => log.locator('.chat-text').count(), { timeout: 10_000 }).toBe(50);
    expect(await log.textContent()).not.toContain('请甲方先说说情况');
    await shot(villager.page, 'room-party-chat-earlier');
    await villager.page.getByRole('button', { name: '查看更早的消息' }).click();
    await expect.poll(() => log.locator('.chat-text').count(), { timeout: 10_000 }).toBe(62);
    expect(await log.locator('.chat-text').first().textContent()).toBe('请甲方先说说情况');
    expect(await villager.page.getByRole('button', { name: '查看更早的消息' }).count()).toBe(0);
    await mediator.page.setViewportSize({ width: 1280, height: 800 });
    await mediator.page.getByTestId('caucus-panel').scrollIntoViewIfNeeded();
    await shot(mediator.page, 'room-host-caucus-labels');
  }, 60_000);

  it('a party on a phone waits (in English after switching), is admitted with "admit all", every control is a big enough touch target; back to the lobby, in again, removed', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const page = await context.newPage();
    const token = await server.token(ROOM, 'party', '赵小河', id('phone'), { autoAdmit: false });
    await page.goto(`${server.url}/room/${ROOM}#token=${token}`);
    await page.getByTestId('waiting-screen').waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getByTestId('waiting-screen').getByRole('heading').textContent()).toBe('Please wait: the mediator will let you in');
    expect(await page.getByTestId('waiting-screen').getByRole('status').textContent()).toBe('The mediator is in the room.');
    await expect.poll(() => mediator.page.getByTestId('lobby-announce').textContent(), { timeout: 10_000 }).toBe('赵小河（当事人）正在候场');

    await mediator.page.getByRole('button', { name: '全部请进' }).click();
    await page.getByRole('button', { name: 'Raise hand' }).waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('chat-scope').textContent()).toBe('everyone');
    const small = await page.locator('button:visible, select:visible, input:visible').evaluateAll((els) =>
      els
        .map((e) => ({ what: (e.textContent || e.getAttribute('aria-label') || e.tagName).trim(), r: (e as unknown as { getBoundingClientRect(): { width: number; height: number } }).getBoundingClientRect() }))
        .filter((x) => x.r.height < 44 || x.r.width < 44)
        .map((x) => `${x.what} ${Math.round(x.r.width)}x${Math.round(x.r.height)}`),
    );
    expect(small).toEqual([]);
    await page.getByRole('button', { name: '中文' }).click();
    await shot(page, 'room-party-phone');

    // the host sends them back to the lobby, lets them in again, then removes them for good
    const actions = mediator.page.getByRole('group', { name: '对 赵小河 的操作' });
    await actions.getByRole('button', { name: '请回候场' }).click();
    await page.getByTestId('waiting-screen').waitFor({ timeout: 10_000 });
    await mediator.page.getByRole('button', { name: '请进：赵小河' }).click();
    await page.getByRole('button', { name: '举手' }).waitFor({ timeout: 10_000 });
    await actions.getByRole('button', { name: '移出' }).click();
    await expect.poll(() => page.getByTestId('ended-screen').getAttribute('data-reason').catch(() => null), { timeout: 10_000 }).toBe('removed');
    expect(await page.getByTestId('ended-screen').textContent()).toContain('调解员已将您移出本次调解。');
    expect(await page.getByRole('button', { name: '重新进入' }).count()).toBe(0);
    await context.close();
  }, 60_000);

  it('the host hands the host role to a co-mediator, whose page then has the host panel; and takes it back', async () => {
    const co = await open('张调解', 'mediator', { peerId: id('co') });
    await expect.poll(() => person('co').count(), { timeout: 10_000 }).toBe(1);
    expect(await co.page.getByTestId('host-panel').count()).toBe(0);
    await person('co').getByRole('button', { name: '移交主持' }).click();
    await co.page.getByTestId('host-panel').waitFor({ timeout: 10_000 });
    await expect.poll(() => mediator.page.getByTestId('host-panel').count(), { timeout: 10_000 }).toBe(0);
    expect(await villager.page.evaluate(() => globalThis.__shuoshi!.client!.hostId)).toBe(id('co'));
    await co.page.locator(`[data-testid="people-panel"] li[data-person="${id('mediator')}"]`).getByRole('button', { name: '移交主持' }).click();
    await mediator.page.getByTestId('host-panel').waitFor({ timeout: 10_000 });
    await co.page.getByRole('button', { name: '离开' }).click();
    await co.waitForState('left');
  }, 60_000);

  it('everyone back to the plenary in one click; the host locks the room; ending asks first, then ends it for everyone', async () => {
    await mediator.page.getByRole('button', { name: '全体回到会场' }).click();
    await eventually(async () => server.rooms.get(ROOM)!.caucus.groups().length === 0, 10_000, 'the caucus to end');
    await expect.poll(() => villager.page.locator(`figure[data-peer-id="${id('lawyer')}"]`).count(), { timeout: 10_000 }).toBe(1);

    await mediator.page.getByRole('button', { name: /锁定调解室/ }).click();
    await eventually(async () => (await villager.page.evaluate(() => globalThis.__shuoshi!.client!.locked)) === true, 10_000, 'the room to be locked');

    await mediator.page.getByRole('button', { name: '结束调解（全体）' }).click();
    const dialog = mediator.page.getByRole('dialog', { name: '结束本次调解？' });
    await expect.poll(() => visible(dialog)).toBe(true);
    await dialog.getByRole('button', { name: '取消' }).click();
    expect(server.rooms.get(ROOM)).toBeDefined();
    await mediator.page.getByRole('button', { name: '结束调解（全体）' }).click();
    await dialog.getByRole('button', { name: '确认结束' }).click();
    for (const p of [villager, lawyer]) {
      await expect.poll(() => p.page.getByTestId('ended-screen').getAttribute('data-reason'), { timeout: 10_000 }).toBe('ended');
    }
    expect(await villager.page.getByTestId('ended-screen').textContent()).toContain('本次调解已结束');
    await shot(villager.page, 'room-ended');
  }, 60_000);
});

describe('recording with consent and shared documents in a real session (real Chromium)', () => {
  let fx: EvidenceFixture;
  let mediator: Participant;
  let villager: Participant;
  let mediatorId: string;
  let villagerId: string;

  beforeAll(async () => {
    fx = await seedEvidenceFixture(server.db.prisma);
    mediatorId = `staff-${fx.staff.mediator.id}`;
    villagerId = `party-${fx.parties.a.id}`;
    mediator = await open(fx.staff.mediator.displayName, 'mediator', { room: fx.roomId, peerId: mediatorId, fragment: `&session=${fx.sessionId}` });
    villager = await open(fx.parties.a.name, 'party', { room: fx.roomId, peerId: villagerId });
    await eventually(async () => (await villager.page.locator(`figure[data-peer-id="${mediatorId}"]`).count()) === 1, 15_000, 'the villager to see the mediator');
  }, 90_000);

  it('the host starts recording: consent prompts on every page, everyone agrees by clicking, then 录音录像中 everywhere and the ledger says so', async () => {
    await mediator.page.getByRole('button', { name: '开始录音录像' }).click();
    for (const p of [mediator, villager]) await expect.poll(() => visible(p.page.getByTestId('consent-prompt')), { timeout: 10_000 }).toBe(true);
    expect(await villager.page.getByTestId('consent-prompt').getByRole('heading').textContent()).toBe('是否同意本次调解录音录像？');
    expect(await villager.page.getByTestId('recording-indicator').count()).toBe(0);
    await shot(villager.page, 'room-consent');
    expect(await mediator.page.getByTestId('consent-ledger').locator('[data-consent="pending"]').count()).toBe(2);

    await villager.page.getByTestId('consent-prompt').getByRole('button', { name: '同意', exact: true }).click();
    await expect.poll(() => mediator.page.getByTestId('consent-ledger').locator(`[data-consent="agreed"][data-peer="${villagerId}"]`).count(), { timeout: 10_000 }).toBe(1);
    expect(await mediator.page.getByTestId('recording-indicator').count()).toBe(0); // the host has not agreed yet
    await mediator.page.getByTestId('consent-prompt').getByRole('button', { name: '同意', exact: true }).click();
    for (const p of [mediator, villager]) {
      await expect.poll(() => visible(p.page.getByTestId('recording-indicator')), { timeout: 10_000 }).toBe(true);
      expect(await p.page.getByTestId('recording-indicator').textContent()).toBe('录音录像中');
      expect(await p.page.getByTestId('consent-prompt').count()).toBe(0);
    }
    expect(await mediator.page.getByTestId('rec-state').textContent()).toBe('录制中');
    expect(await mediator.page.getByLabel('分组谈话也录制').isDisabled()).toBe(true);
    const rows = await server.db.prisma.consentRecord.findMany({ where: { sessionId: fx.sessionId } });
    expect(rows.map((r) => r.decision).sort()).toEqual(['AGREE', 'AGREE']);
    await shot(mediator.page, 'room-host-recording');
  }, 60_000);

  it('the host uploads a document in the panel and shows it: the party sees the image; hiding takes it down', async () => {
    const staff = fx.staff.mediator;
    const access = await issueAccessToken(server.config.authSecret, staffPrincipal(staff));
    await mediator.page.evaluate(
      ([token, exp, s]) => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('shuoshi.auth', JSON.stringify({ accessToken: token, accessTokenExpiresAt: exp, refreshToken: 'unused', staff: s })),
      [access.token, access.expiresAt.toISOString(), { id: staff.id, displayName: staff.displayName, role: staff.role }] as const,
    );
    const docs = mediator.page.getByTestId('docs-panel');
    await docs.getByLabel('选择文件（PDF 或图片）').setInputFiles({ name: '现场照片.png', mimeType: 'image/png', buffer: Buffer.from(PNG_1x1, 'base64') });
    await docs.getByRole('button', { name: '上传' }).click();
    await expect.poll(() => docs.getByRole('status').textContent().catch(() => ''), { timeout: 10_000 }).toBe('已上传：现场照片.png');
    const row = await server.db.prisma.caseDocument.findFirstOrThrow({ where: { sessionId: fx.sessionId } });
    expect(row.name).toBe('现场照片.png');

    await docs.getByRole('button', { name: '展示给本组：现场照片.png' }).click();
    const viewer = villager.page.getByTestId('doc-viewer');
    await expect.poll(() => viewer.getAttribute('data-document-id').catch(() => null), { timeout: 10_000 }).toBe(row.id);
    await expect.poll(() => viewer.locator('img').evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth), { timeout: 10_000 }).toBe(1);
    await shot(villager.page, 'room-document');

    await docs.getByRole('button', { name: '停止展示' }).click();
    await expect.poll(() => viewer.count(), { timeout: 10_000 }).toBe(0);
  }, 60_000);

  it('a participant withdraws by clicking: recording stops everywhere', async () => {
    await villager.page.getByRole('button', { name: '撤回录音录像同意' }).click();
    for (const p of [mediator, villager]) await expect.poll(() => p.page.getByTestId('recording-indicator').count(), { timeout: 10_000 }).toBe(0);
    expect(await mediator.page.getByTestId('rec-state').textContent()).toBe('已停止');
    expect(await mediator.page.getByTestId('consent-ledger').locator(`[data-consent="declined"][data-peer="${villagerId}"]`).count()).toBe(1);
  }, 30_000);
});
