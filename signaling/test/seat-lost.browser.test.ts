/*
 * Seats that are lost for good: the grace period runs out, or the media worker
 * under the room dies. The clients find their way back by joining again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { Participant, eventually, launchChromium } from './support/browser';

/** A short grace period (1.5 s) so the seat really runs out during the test. */
const GRACE_MS = 1_500;
const ROOM = 'grace-room';
let server: TestServer;
let browser: Browser;
let mediator: Participant;
let villager: Participant;

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer({ graceMs: GRACE_MS }), launchChromium()]);
  const open = async (name: string, role: 'mediator' | 'party') =>
    Participant.open(browser, name, `${server.url}/room/${ROOM}#token=${await server.token(ROOM, role, name, `peer-${name}`)}`);
  mediator = await open('mediator', 'mediator');
  villager = await open('villager', 'party');
  await mediator.waitForState('joined');
  await villager.waitForState('joined');
});

afterAll(async () => {
  await mediator?.close();
  await villager?.close();
  await browser?.close();
  await server?.stop();
});

describe('a seat past its grace period', () => {
  it('is removed and the others are told; the returning client joins again as the same person', async () => {
    await eventually(async () => (await mediator.from('peer-villager')).videoFrames > 0, 15_000, 'first frames');
    const leftAt: number[] = [];
    // record the moment the mediator's page hears peerLeft
    await mediator.page.exposeFunction('__peerLeft', (peerId: string) => leftAt.push(Date.now()) && peerId);
    await mediator.run(() => {
      const signal = (globalThis.__shuoshi!.client as unknown as { signal: { on(e: string, l: (p: { peerId: string; reason: string }) => void): void } }).signal;
      signal.on('peerLeft', (p) => (globalThis as unknown as { __peerLeft(id: string): void }).__peerLeft(`${p.peerId}:${p.reason}`));
    });

    const droppedAt = Date.now();
    await villager.runWith((ms) => globalThis.__shuoshi!.client!.dropSocket(ms), GRACE_MS + 2_500);
    await eventually(async () => !(await mediator.peers()).some((p) => p.peerId === 'peer-villager'), 10_000, 'the villager to be removed');
    expect(leftAt.length).toBe(1);
    expect(leftAt[0]! - droppedAt).toBeGreaterThanOrEqual(GRACE_MS - 100);
    expect(await mediator.page.locator('figure[data-peer-id="peer-villager"]').count()).toBe(0);

    // the villager's socket comes back after the seat is gone: resume fails, it joins again
    await eventually(async () => (await villager.run(() => globalThis.__shuoshi!.client!.counters.rejoins)) === 1, 15_000, 'the rejoin');
    await villager.waitForState('joined');
    expect(await villager.peerId()).toBe('peer-villager');
    await eventually(async () => (await mediator.peers()).some((p) => p.peerId === 'peer-villager'), 20_000, 'the villager to be back');
    await eventually(
      async () => (await mediator.from('peer-villager')).videoFrames > 0 && (await villager.from('peer-mediator')).videoFrames > 0,
      15_000,
      'media both ways after the rejoin',
    );
  });
});

describe('a media worker that dies under a live room', () => {
  it('closes the room; both participants join again on the replacement worker', async () => {
    const before = await Promise.all([mediator, villager].map((p) => p.run(() => globalThis.__shuoshi!.client!.counters.rejoins)));
    const pid = server.sfu.getRoom(ROOM)?.workerPid;
    expect(pid).toBeGreaterThan(0);
    process.kill(pid!, 'SIGKILL');
    for (const [i, p] of [mediator, villager].entries()) {
      await eventually(async () => (await p.run(() => globalThis.__shuoshi!.client!.counters.rejoins)) > before[i]!, 20_000, `${p.name} to rejoin`);
      await p.waitForState('joined');
    }
    expect(server.sfu.getRoom(ROOM)?.workerPid).not.toBe(pid);
    await eventually(
      async () => (await mediator.from('peer-villager')).videoFrames > 0 && (await villager.from('peer-mediator')).videoFrames > 0,
      15_000,
      'media both ways on the new worker',
    );
  });
});
