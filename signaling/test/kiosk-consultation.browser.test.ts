/**
 * The village kiosk's legal consultation in real Chromium against the real server: it
 * follows the real queue (call-back time with nobody on duty; place and estimate, live
 * over /queue, polled when that socket drops; cancel; the lawyer accepts and one tap
 * enters the room with the pushed token, both sides decoding media); axe finds no
 * serious or critical violation on any screen. The device is enrolled through the API
 * (kiosk.browser.test.ts enrols one through the kiosk's own screen).
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '@shuoshi/db';
import { Participant, eventually, launchChromium } from './support/browser';
import { axeViolations, enrolDeviceByApi, restCall, seedKioskFixture, type KioskFixture } from './support/kiosk';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { QueueClient } from './support/queue-client';

const shots = path.join(path.resolve(import.meta.dirname, '..', '..'), 'test-output', 'screenshots');
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let server: TestServer;
let browser: Browser;
let fx: KioskFixture;
let kiosk: Participant;
let page: Page;

const shot = (name: string) => page.screenshot({ path: path.join(shots, `kiosk-${name}.png`), fullPage: true });
async function accessible(p: Page = page): Promise<void> {
  expect(await axeViolations(p, axePath)).toEqual([]);
}
const rest = (method: string, url: string, auth?: string, body?: unknown) => restCall(server.url, method, url, auth, body);

beforeAll(async () => {
  ensureWebBuilt();
  fs.mkdirSync(shots, { recursive: true });
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  fx = await seedKioskFixture(server);
  const device = await enrolDeviceByApi(server.url, fx, '咨询台');
  kiosk = await Participant.open(browser, 'kiosk', `${server.url}/kiosk`);
  page = kiosk.page;
  await page.evaluate(`localStorage.setItem('shuoshi.device', ${JSON.stringify(device.stored)})`);
  await page.reload();
  await page.getByTestId('kiosk-sessions').waitFor();
}, 120_000);

afterAll(async () => {
  await kiosk?.close();
  await browser?.close();
  await server?.stop();
});

describe(`village kiosk legal consultation in real Chromium (${process.env.DATABASE_URL ? 'postgres' : 'embedded'})`, () => {
  it('a legal consultation with no lawyer on duty: the call-back time in words, from the API', async () => {
    await page.getByRole('button', { name: '法律咨询' }).click();
    await page.getByTestId('kiosk-consult').waitFor();
    await accessible();
    await shot('consult-topics');
    await page.getByRole('button', { name: '邻里纠纷' }).click();
    const waiting = page.getByTestId('kiosk-consult-waiting');
    await waiting.waitFor();
    const row = await server.db.prisma.consultation.findFirstOrThrow({ where: { talkRoomId: fx.talkRoomId } });
    expect(row).toMatchObject({ topic: 'NEIGHBOUR', status: 'CALLBACK_SCHEDULED', callbackReason: 'NO_LAWYER_ON_DUTY' });
    expect(await waiting.getAttribute('data-status')).toBe('CALLBACK_SCHEDULED');
    const at = row.callbackAt!; // the browser runs on this machine's clock and time zone
    const text = await page.getByTestId('kiosk-callback').textContent();
    expect(text).toContain('现在没有值班律师');
    expect(text).toContain(`律师会在 ${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}（${at.getMonth() + 1}月${at.getDate()}日`);
    expect(await page.getByRole('button', { name: '不等了，取消咨询' }).count()).toBe(0); // nothing to cancel
    await accessible();
    await shot('consult-callback');
    await page.getByRole('button', { name: '回到首页' }).click();
    await page.getByTestId('kiosk-sessions').waitFor();
  }, 40_000);

  it('a lawyer on duty: place and estimate from the queue, live over /queue and polled when it drops; cancel; accepted → one tap into the room, both decode', async () => {
    const prisma = server.db.prisma;
    const lawyer = await prisma.staffAccount.create({
      data: { username: 'lawyer.kiosk', displayName: '陈律师', role: 'COUNTY_LEGAL_ADVISOR', countyId: fx.countyId, passwordHash: await hashPassword('lawyer-kiosk-pw') },
    });
    const lawyerToken = ((await rest('POST', '/api/auth/login', undefined, { username: 'lawyer.kiosk', password: 'lawyer-kiosk-pw' })).body as { accessToken: string }).accessToken;
    expect((await rest('POST', '/api/duty', lawyerToken, { onDuty: true })).status).toBe(200);
    // two requests ahead of the kiosk's, from the talk room's other device
    const other = await enrolDeviceByApi(server.url, fx, '第三台');
    const ask = async (topic: string) => (await rest('POST', '/api/consultations', other.token, { topic })).body as { id: string; status: string };
    const first = await ask('LABOUR_WAGES');
    const second = await ask('CONTRACT_DEBT');
    expect([first.status, second.status]).toEqual(['QUEUED', 'QUEUED']);

    const waiting = page.getByTestId('kiosk-consult-waiting');
    const standing = async (id: string) => ((await rest('GET', `/api/consultations/${id}/queue`, other.token)).body as { queue: { position: number; queueLength: number; estimatedWaitS: number } }).queue;
    const askOnKiosk = async () => {
      await page.getByRole('button', { name: '法律咨询' }).click();
      await page.getByRole('button', { name: '土地宅基地' }).click();
      await waiting.waitFor();
      const row = await prisma.consultation.findFirstOrThrow({ where: { talkRoomId: fx.talkRoomId, topic: 'LAND_HOMESTEAD', status: 'QUEUED' } });
      await eventually(async () => (await waiting.getAttribute('data-link')) === 'live', 10_000, 'the /queue socket');
      return row.id;
    };
    const shows = async (position: number, length: number) =>
      eventually(async () => (await page.getByTestId('kiosk-queue-position').textContent().catch(() => '')) === `您排在第 ${position} 位（共 ${length} 位）`, 12_000, `place ${position} of ${length}`, () => waiting.textContent());

    const mine = await askOnKiosk();
    await shows(3, 3);
    const s = await standing(mine);
    expect(s).toMatchObject({ position: 3, queueLength: 3 });
    await expect(page.getByTestId('kiosk-queue-estimate').textContent()).resolves.toBe(`大约要等 ${Math.max(1, Math.ceil(s.estimatedWaitS / 60))} 分钟`);
    await accessible();
    await shot('consult-queued');

    // live: the lawyer takes the first request; the kiosk moves up without a reload
    expect((await rest('POST', `/api/consultations/${first.id}/accept`, lawyerToken)).status).toBe(200);
    await shows(2, 2);
    // the socket drops (and stays down): the kiosk polls GET …/queue and still follows
    await page.evaluate(() => (globalThis as unknown as { __shuoshiQueue: { socket: { disconnect(): void } } }).__shuoshiQueue.socket.disconnect());
    await eventually(async () => (await waiting.getAttribute('data-link')) === 'polling', 20_000, 'the polling fallback');
    await expect(waiting.textContent()).resolves.toContain('网络不稳定');
    expect((await rest('POST', `/api/consultations/${second.id}/abandon`, other.token)).status).toBe(200);
    await shows(1, 1);
    // cancel while waiting
    await page.getByRole('button', { name: '不等了，取消咨询' }).click();
    await eventually(async () => (await waiting.getAttribute('data-status')) === 'ABANDONED', 10_000, 'the cancel');
    expect((await prisma.consultation.findUniqueOrThrow({ where: { id: mine } })).status).toBe('ABANDONED');
    await expect(waiting.textContent()).resolves.toContain('咨询已取消');
    await page.getByRole('button', { name: '回到首页' }).click();

    // asked again; the lawyer accepts it on the queue socket: the kiosk is pushed its token, one tap enters
    const again = await askOnKiosk();
    await shows(1, 1);
    const desk = new QueueClient(server.url, lawyerToken);
    try {
      await desk.connected();
      const accepted = await desk.request('queue:accept', { consultationId: again });
      expect(accepted.ok).toBe(true);
      const enter = page.getByRole('button', { name: '进入视频咨询' });
      await enter.waitFor({ timeout: 10_000 });
      // the title once: 陈律师已接听, never 陈律师律师 (issue #13 bug 9)
      await expect(waiting.textContent()).resolves.toContain('陈律师已接听');
      await expect(waiting.textContent()).resolves.not.toContain('律师律师');
      expect(await waiting.getAttribute('data-status')).toBe('ACCEPTED');
      await accessible();
      await shot('consult-accepted');
      await enter.click();
      await kiosk.waitForState('joined');
      expect(await kiosk.run(() => globalThis.__shuoshi!.client!.admission)).toBe('admitted'); // a consultation has no lobby
      expect(await kiosk.run(() => globalThis.__shuoshi!.client!.self?.roomId)).toBe(accepted.join.roomId);
      const kioskPeer = (await kiosk.peerId())!;
      const lawyerPage = await Participant.open(browser, 'lawyer', `${server.url}/room/${accepted.join.roomId}#token=${accepted.join.token}`);
      try {
        await lawyerPage.waitForState('joined');
        for (const [a, peer, what] of [[lawyerPage, kioskPeer, 'the lawyer to decode the kiosk'], [kiosk, accepted.join.peerId, 'the kiosk to decode the lawyer']] as const) {
          await eventually(async () => {
            const got = await a.from(peer);
            return got.videoFrames > 0 && got.audioBytes > 0;
          }, 30_000, what, () => a.inbound());
        }
        await page.locator(`.k-tile[data-peer-id="${accepted.join.peerId}"]`).waitFor();
        await shot('consult-room');
        // the lawyer ends the consultation: the kiosk says the lawyer ended the consultation, not "the mediator ended the mediation" (issue #13 bug 9)
        await lawyerPage.page.getByRole('button', { name: '结束调解（全体）' }).click();
        await lawyerPage.page.getByRole('button', { name: '确认结束' }).click();
        const left = page.locator('[data-testid="kiosk-room"][data-state="left"]');
        await left.waitFor({ timeout: 15_000 });
        await expect(left.textContent()).resolves.toContain('律师已结束本次法律咨询');
        await expect(left.textContent()).resolves.not.toContain('调解员');
        await page.screenshot({ path: path.join(shots, 'dayone-kiosk-consult-ended.png') });
      } finally {
        await lawyerPage.close();
      }
      await page.getByRole('button', { name: '回到首页' }).click();
      await page.getByTestId('kiosk-sessions').waitFor();
    } finally {
      desk.close();
      await prisma.session.updateMany({ where: { consultationId: { in: [first.id, again] } }, data: { endedAt: new Date() } });
      await rest('POST', '/api/duty', lawyerToken, { onDuty: false });
    }
    expect(lawyer.id).toBeDefined();

    // English is complete on the kiosk too
    await page.getByRole('button', { name: '法律咨询' }).click();
    const topics = page.getByTestId('kiosk-consult');
    await topics.waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await expect(topics.textContent()).resolves.toContain('What is your question about?');
    await page.getByRole('button', { name: '中文' }).click();
    await kiosk.close();
  }, 120_000);

});
