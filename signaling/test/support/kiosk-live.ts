/**
 * The village kiosk in the live room, as issue #13 asks (bugs 1 and 4): the mediator
 * mutes a kiosk and allows it again, and the kiosk in a caucus. Shared by
 * kiosk.browser.test.ts and full-mediation.browser.test.ts. Every step is a click in the
 * mediator's room page (the people list) or a look at the kiosk's screen; the media is
 * read from the mediator's getStats().
 */
import path from 'node:path';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { eventually, mediaWindow } from './browser';
import { from } from './mediation-pages';

const SHOTS = path.resolve(import.meta.dirname, '..', '..', '..', 'test-output', 'screenshots');

/** A 1024×768 screenshot of the kiosk, test-output/screenshots/kiosk13-<name>.png (the talk room's screen). */
export async function kioskShot(kiosk: Page, name: string): Promise<void> {
  const size = kiosk.viewportSize();
  await kiosk.setViewportSize({ width: 1024, height: 768 });
  await kiosk.screenshot({ path: path.join(SHOTS, `kiosk13-${name}.png`) });
  if (size) await kiosk.setViewportSize(size);
}

/** The kiosk's own 话筒 / 摄像头 button and the state it says ('on' | 'off' | 'held'). */
export const selfButton = (kiosk: Page, source: 'microphone' | 'camera') => kiosk.locator(`[data-testid="kiosk-self"] button[data-source="${source}"]`);

/** The mediator's host actions for one person (the people list of the room page). */
const person = (room: Page, peerId: string) => room.locator(`[data-testid="people-panel"] li[data-person="${peerId}"]`);

/** Whether the mediator's room client has the kiosk's microphone and camera paused (the tile's 已静音 / 无画面). */
const pausedAtMediator = (room: Page, peerId: string) =>
  room.evaluate((id) => {
    const p = globalThis.__shuoshi!.client!.peers.list.find((x) => x.peerId === id);
    return { microphone: p?.microphone?.muted ?? null, camera: p?.camera?.muted ?? null };
  }, peerId);

export interface MuteAndAllow {
  /** Another sender's video frames decoded at the mediator: the clock of "nothing arrives while muted". */
  clock: () => Promise<number>;
  /** Screenshots of the kiosk while held and once allowed (kiosk13-<prefix>-held.png, -allowed.png). */
  shotPrefix?: string;
}

/**
 * Issue #13 bug 1: the mediator mutes the kiosk's microphone and stops its camera from the
 * people list; the kiosk says, in large words, that the mediator has muted it (its own
 * buttons wait); nothing of it reaches the mediator. The mediator allows both: the kiosk
 * says it may speak again, its buttons are on again by themselves, the mediator's tile
 * shows the real state, and the kiosk's audio bytes and decoded video frames at the
 * mediator increase again.
 */
export async function muteAndAllowKiosk(room: Page, kiosk: Page, kioskPeerId: string, opts: MuteAndAllow): Promise<void> {
  const row = person(room, kioskPeerId);
  await row.getByRole('button', { name: '静音', exact: true }).click();
  await row.getByRole('button', { name: '关闭摄像头', exact: true }).click();

  const held = kiosk.getByTestId('kiosk-held');
  await eventually(async () => (await held.getAttribute('data-held').catch(() => null))?.split(' ').sort().join(' ') === 'camera microphone', 15_000, 'the kiosk to say the mediator holds it');
  expect(await held.textContent()).toContain('调解员已将您静音');
  expect(await held.textContent()).toContain('调解员暂时关了您的画面');
  for (const s of ['microphone', 'camera'] as const) {
    expect(await selfButton(kiosk, s).getAttribute('data-state')).toBe('held');
    expect(await selfButton(kiosk, s).isDisabled()).toBe(true);
  }
  await eventually(async () => JSON.stringify(await pausedAtMediator(room, kioskPeerId)) === '{"microphone":true,"camera":true}', 15_000, "the mediator's tile to show the kiosk muted");
  if (opts.shotPrefix) await kioskShot(kiosk, `${opts.shotPrefix}-held`);
  // packets in flight when the mute landed arrive first; then nothing for about a second of the clock
  await mediaWindow(opts.clock, 10, 'media after the mute');
  const muted = await from(room, kioskPeerId);
  await mediaWindow(opts.clock, 25, 'about a second while muted');
  expect(await from(room, kioskPeerId), 'nothing of the kiosk while muted').toEqual(muted);

  await row.getByRole('button', { name: '允许发言', exact: true }).click();
  await row.getByRole('button', { name: '允许摄像头', exact: true }).click();
  const allowed = kiosk.getByTestId('kiosk-allowed');
  await allowed.filter({ hasText: '调解员已允许您发言，现在可以说话了。' }).waitFor({ timeout: 15_000 });
  expect(await held.count()).toBe(0);
  await eventually(async () => (await selfButton(kiosk, 'microphone').getAttribute('data-state')) === 'on' && (await selfButton(kiosk, 'camera').getAttribute('data-state')) === 'on', 10_000, "the kiosk's own buttons on again");
  if (opts.shotPrefix) await kioskShot(kiosk, `${opts.shotPrefix}-allowed`);
  await eventually(
    async () => {
      const now = await from(room, kioskPeerId);
      return now.audioBytes > muted.audioBytes && now.videoFrames > muted.videoFrames;
    },
    20_000,
    "the kiosk's audio and video to reach the mediator again",
    async () => ({ muted, now: await from(room, kioskPeerId) }),
  );
  await eventually(async () => JSON.stringify(await pausedAtMediator(room, kioskPeerId)) === '{"microphone":false,"camera":false}', 10_000, "the mediator's tile to show the kiosk live again");
}

/**
 * Issue #13 bug 4: what a kiosk shows in a caucus. `note` is its explanation ('away': the
 * mediator is talking with the other side alone; 'withYou': the mediator is in its
 * group; null: none); `tiles` are exactly the peers it has a tile for (those it can hear).
 */
export async function expectKioskCaucus(kiosk: Page, note: 'away' | 'withYou' | null, tiles: string[]): Promise<void> {
  const box = kiosk.getByTestId('kiosk-caucus');
  if (note === null) await box.waitFor({ state: 'detached', timeout: 15_000 });
  else {
    await box.and(kiosk.locator(`[data-note="${note}"]`)).waitFor({ timeout: 15_000 });
    expect(await box.textContent()).toContain(note === 'away' ? '调解员正在单独与另一方谈话，请稍候' : '调解员正在单独与您谈话');
  }
  const shown = () => kiosk.locator('.k-tile[data-peer-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-peer-id')!).sort());
  await eventually(async () => JSON.stringify(await shown()) === JSON.stringify([...tiles].sort()), 15_000, 'the kiosk to show only those it can hear', shown);
  // no black tile: every tile shows a picture once its first frame is in
  await eventually(async () => (await kiosk.locator('.k-tile .k-novideo').count()) === 0, 15_000, 'no 没有画面 tile');
}

/**
 * The villager turns their camera off; the mediator holds the microphone and the camera,
 * then allows both: the microphone comes back on (heard at the mediator), the camera the
 * villager turned off stays off (its producer paused on the server), and the kiosk says so.
 */
export async function allowGivesBackOnlyHeld(room: Page, kiosk: Page, kioskPeerId: string, o: { heard: () => Promise<number>; cameraPaused: () => boolean }): Promise<void> {
  const mic = selfButton(kiosk, 'microphone');
  const cam = selfButton(kiosk, 'camera');
  await cam.click(); // the villager's own choice
  await eventually(async () => (await cam.getAttribute('data-state')) === 'off', 10_000, 'the camera off');
  const row = room.locator(`[data-testid="people-panel"] li[data-person="${kioskPeerId}"]`);
  await row.getByRole('button', { name: '静音', exact: true }).click();
  await row.getByRole('button', { name: '关闭摄像头', exact: true }).click();
  await eventually(async () => (await mic.getAttribute('data-state')) === 'held' && (await cam.getAttribute('data-state')) === 'held', 10_000, 'both held');
  await row.getByRole('button', { name: '允许发言', exact: true }).click();
  await row.getByRole('button', { name: '允许摄像头', exact: true }).click();
  await kiosk.getByTestId('kiosk-allowed').filter({ hasText: '您自己关了摄像头' }).waitFor({ timeout: 10_000 });
  await eventually(async () => (await mic.getAttribute('data-state')) === 'on', 10_000, 'the microphone back on');
  expect(await cam.getAttribute('data-state')).toBe('off');
  const heard = await o.heard();
  await eventually(async () => (await o.heard()) > heard, 15_000, 'the kiosk heard again');
  expect(o.cameraPaused(), "the villager's own choice stays theirs").toBe(true);
  await kioskShot(kiosk, 'allowed-own-choice');
  await cam.click();
  await eventually(async () => !o.cameraPaused(), 10_000, 'the villager turned the camera on');
}

/**
 * The mediator's audio-only switch for the kiosk (issue #16): 仅语音 in the people list; the
 * kiosk says so in large words, the mediator's picture is paused there (said on the tile),
 * the kiosk's camera is paused at the mediator, and its own 摄像头 button and small picture
 * say the picture is off because the mediator chose voice only (never 开着), the button
 * waiting; 恢复画面 gives the video back and the button says 开着 again. Screenshots
 * kiosk13-audio-only-before / audio-only / audio-only-after at 1024 × 768.
 */
export async function audioOnlyKiosk(room: Page, kiosk: Page, kioskPeerId: string): Promise<void> {
  const camera = selfButton(kiosk, 'camera');
  const ownPicture = kiosk.locator('.k-local');
  expect(await camera.getAttribute('data-state')).toBe('on');
  await kioskShot(kiosk, 'audio-only-before');
  await person(room, kioskPeerId).locator('[data-action="audio-only"]').click();
  const note = kiosk.locator('[data-testid="kiosk-downlink"]');
  await note.and(kiosk.locator('[data-downlink="byHost"]')).waitFor({ state: 'visible', timeout: 15_000 });
  expect(await note.textContent()).toBe('调解员已为您切换为仅语音，声音不受影响');
  await eventually(async () => (await pausedAtMediator(room, kioskPeerId)).camera === true, 15_000, 'the kiosk’s camera paused at the mediator');
  const held = kiosk.locator('[data-held="link"]').first();
  await held.waitFor({ state: 'visible', timeout: 10_000 });
  expect(await held.textContent()).toBe('画面暂停，声音照常');
  // the kiosk's own 摄像头 never says 开着 while nobody sees the villager: it says why, and waits
  expect(await camera.getAttribute('data-state')).toBe('voiceByHost');
  expect(await camera.locator('.k-self-state').textContent()).toBe('暂时关着：调解员改成了只用声音，别人看不到您。不用点，以后会自己打开。');
  expect(await camera.isDisabled()).toBe(true);
  expect(await ownPicture.getAttribute('data-camera')).toBe('voiceByHost');
  expect(await ownPicture.locator('.k-novideo').textContent()).toBe('调解员改成了只用声音，别人看不到您');
  await kioskShot(kiosk, 'audio-only');
  await person(room, kioskPeerId).locator('[data-action="audio-only"]').click();
  await note.and(kiosk.locator('[data-downlink="recovering"]')).waitFor({ state: 'visible', timeout: 15_000 });
  await kiosk.locator('[data-held="link"]').first().waitFor({ state: 'detached', timeout: 15_000 });
  await eventually(async () => (await camera.getAttribute('data-state')) === 'on', 10_000, 'the kiosk camera button on again');
  expect(await camera.locator('.k-self-state').textContent()).toBe('开着，别人能看到您 · 点一下关上');
  expect(await camera.isDisabled()).toBe(false);
  await kioskShot(kiosk, 'audio-only-after');
}
