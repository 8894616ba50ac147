/*
 * The mediator's audio-only switch (issue #16) in real Chromium: from the host's people list
 * the mediator puts a villager on audio only (仅语音). The villager is told in words, receives
 * no video and sends none (their camera paused at the mediator), everyone sees 仅语音 by
 * their name, an audit row is written; 恢复画面 gives the video back both ways. Then the whole
 * room (全场仅语音) and back.
 */
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { Participant, eventually, launchChromium, mediaWindow } from './support/browser';

const ROOM = 'host-audio-only-2026-0001';
const SHOTS = 'test-output/screenshots';
let server: TestServer;
let browser: Browser;
let mediator: Participant;
let villager: Participant;

const cameraPausedAtMediator = () => mediator.run(() => globalThis.__shuoshi!.client!.peers.list.find((p) => p.peerId === 'peer-villager')?.camera?.muted ?? null);
const heldAtVillager = () => villager.run(() => (globalThis.__shuoshi?.client?.peers.list ?? []).filter((p) => p.videoHeld).map((p) => p.peerId));
const villagerNote = () => villager.page.locator('[data-testid="downlink-note"]');
const row = () => mediator.page.locator('[data-person="peer-villager"]');

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  mediator = await Participant.open(browser, 'mediator', `${server.url}/room/${ROOM}#token=${await server.token(ROOM, 'mediator', '王调解员', 'peer-mediator')}`);
  villager = await Participant.open(browser, 'villager', `${server.url}/room/${ROOM}#token=${await server.token(ROOM, 'party', '赵村民', 'peer-villager', { talkRoom: '西村说事室' })}`);
  await Promise.all([mediator.waitForState('joined'), villager.waitForState('joined')]);
  await mediator.page.setViewportSize({ width: 1280, height: 800 });
  await eventually(async () => (await mediator.from('peer-villager')).videoFrames > 0 && (await villager.from('peer-mediator')).videoFrames > 0, 30_000, 'video both ways');
}, 120_000);

afterAll(async () => {
  await mediator?.close();
  await villager?.close();
  await browser?.close();
  await server?.stop();
});

describe('the mediator’s audio-only switch', () => {
  it('puts one person on audio only and back, told in words, audited', { timeout: 120_000 }, async () => {
    fs.mkdirSync(SHOTS, { recursive: true });
    await row().locator('[data-action="audio-only"]').click();
    await villagerNote().and(villager.page.locator('[data-downlink="byHost"]')).waitFor({ state: 'visible', timeout: 15_000 });
    expect(await villagerNote().textContent()).toBe('调解员已为您切换为仅语音，声音不受影响');
    expect(await heldAtVillager()).toEqual(['peer-mediator']);
    await eventually(async () => (await cameraPausedAtMediator()) === true, 15_000, 'the villager’s camera paused at the mediator');
    await row().locator('[data-testid="person-audio-only"]').waitFor({ state: 'visible', timeout: 5_000 });
    expect(await row().locator('[data-action="audio-only"]').textContent()).toBe('恢复画面');
    // the villager's own camera button does not pretend: the picture is paused by the mediator, and a tap cannot change it
    const cameraControl = villager.page.getByTestId('camera-control');
    expect(await cameraControl.textContent()).toBe('画面已暂停');
    expect(await cameraControl.isDisabled()).toBe(true);
    expect(await villager.page.locator('#cam-voice-only').textContent()).toBe('调解员已切换为仅语音：别人暂时看不到您，画面会自己恢复，不用操作。');
    // nothing of the mediator's video reaches the villager while their audio does
    const frames = (await villager.from('peer-mediator')).videoFrames;
    await mediaWindow(async () => (await villager.from('peer-mediator')).audioBytes, 20_000, 'the mediator heard meanwhile');
    expect((await villager.from('peer-mediator')).videoFrames).toBeLessThanOrEqual(frames + 2); // a frame in flight
    await mediator.page.screenshot({ path: `${SHOTS}/host-audio-only-staff.png` });
    await villager.page.setViewportSize({ width: 390, height: 844 });
    await villager.page.screenshot({ path: `${SHOTS}/host-audio-only-phone.png` });

    await row().locator('[data-action="audio-only"]').click();
    await eventually(async () => (await heldAtVillager()).length === 0 && (await cameraPausedAtMediator()) === false, 20_000, 'video back both ways');
    const back = (await villager.from('peer-mediator')).videoFrames;
    await eventually(async () => (await villager.from('peer-mediator')).videoFrames > back + 5, 20_000, 'the mediator’s video at the villager again');
    expect(await villager.page.locator('[data-downlink="recovering"]').count()).toBe(1);
    expect(await villager.page.getByTestId('camera-control').textContent()).toBe('关闭摄像头');
    expect(await villager.page.getByTestId('camera-control').isDisabled()).toBe(false);

    const audit = await server.db.prisma.auditLog.findMany({ where: { entityType: 'Room', entityId: ROOM, action: { startsWith: 'room.audioOnly' } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorId, (a.details as { peerId?: string }).peerId])).toEqual([
      ['room.audioOnly', 'peer-mediator', 'peer-villager'],
      ['room.audioOnly.off', 'peer-mediator', 'peer-villager'],
    ]);
  });

  it('puts the whole room on audio only and back', { timeout: 60_000 }, async () => {
    await mediator.page.locator('[data-action="room-audio-only"]').click();
    await villagerNote().and(villager.page.locator('[data-downlink="byHost"]')).waitFor({ state: 'visible', timeout: 15_000 });
    await eventually(async () => (await cameraPausedAtMediator()) === true, 15_000, 'the villager’s camera paused');
    expect(await mediator.page.locator('[data-action="room-audio-only"]').textContent()).toBe('全场恢复画面');
    await mediator.page.locator('[data-action="room-audio-only"]').click();
    await eventually(async () => (await heldAtVillager()).length === 0 && (await cameraPausedAtMediator()) === false, 20_000, 'video back');
  });
});
