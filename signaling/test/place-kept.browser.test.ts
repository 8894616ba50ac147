/*
 * Places kept (issue #16): a villager the mediator admitted whose link stays down past
 * the grace period (a 45 s outage on rural 4G) comes back into the room, not the lobby;
 * a villager the mediator removed meanwhile does not get back in by waiting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { Participant, eventually, launchChromium } from './support/browser';
import { signalRequest } from './support/signal-request';

/** A short grace period so that the seat really times out; the place is kept the default 2 minutes. */
const GRACE_MS = 1_500;
const ROOM = 'place-kept-room';
let server: TestServer;
let browser: Browser;
let mediator: Participant;
let villager: Participant;

const client = (p: Participant) =>
  p.run(() => {
    const c = globalThis.__shuoshi!.client!;
    return { state: c.state, admission: c.admission, rejoins: c.counters.rejoins, reason: c.endReason };
  });
const open = async (name: string, role: 'mediator' | 'party', o: { autoAdmit?: boolean; talkRoom?: string } = {}) =>
  Participant.open(browser, name, `${server.url}/room/${ROOM}#token=${await server.token(ROOM, role, name, `peer-${name}`, o)}`);
/** The villager's socket drops for `ms` (longer than the grace period: the seat ends). */
const outage = async (ms: number) => {
  await villager.runWith((t) => globalThis.__shuoshi!.client!.dropSocket(t), ms);
  await eventually(async () => !server.rooms.get(ROOM)!.peers.has('peer-villager'), 10_000, 'the seat to time out');
};

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer({ graceMs: GRACE_MS }), launchChromium()]);
  mediator = await open('mediator', 'mediator');
  await mediator.waitForState('joined');
  villager = await open('villager', 'party', { autoAdmit: false, talkRoom: '西村说事室' });
  await villager.waitForState('joined');
  await eventually(async () => (await client(villager)).admission === 'waiting', 15_000, 'the villager to wait');
  expect(await signalRequest(mediator, 'host:admit', { peerId: 'peer-villager' })).toEqual({ ok: true, code: undefined });
  await eventually(async () => (await mediator.from('peer-villager')).videoFrames > 0, 20_000, 'the admitted villager on screen');
}, 90_000);

afterAll(async () => {
  await mediator?.close();
  await villager?.close();
  await browser?.close();
  await server?.stop();
});

describe('an admitted villager whose seat timed out', () => {
  it('comes back into the room by itself, not the lobby, with media both ways', async () => {
    await outage(GRACE_MS + 3_000);
    expect(server.rooms.get(ROOM)!.lobby.size).toBe(0);
    await eventually(async () => (await client(villager)).rejoins === 1, 20_000, 'the rejoin');
    await villager.waitForState('joined');
    expect((await client(villager)).admission).toBe('admitted');
    expect(server.rooms.get(ROOM)!.lobby.size).toBe(0);
    await eventually(
      async () => (await mediator.from('peer-villager')).videoFrames > 0 && (await villager.from('peer-mediator')).audioBytes > 0,
      20_000,
      'media both ways without a second admission',
    );
  });

  it('removed by the mediator while away, does not get back in by waiting', async () => {
    await outage(GRACE_MS + 6_000);
    // the seat is gone, the place is kept: the mediator removes the person by id
    expect(await signalRequest(mediator, 'host:remove', { peerId: 'peer-villager' })).toEqual({ ok: true, code: undefined });
    await eventually(async () => (await client(villager)).state === 'failed', 30_000, 'the villager to be refused');
    const after = await client(villager);
    expect(after.admission).not.toBe('waiting');
    expect(after.reason).toBe('FORBIDDEN'); // the host removed them: refused, not seated, not waiting
    expect(server.rooms.get(ROOM)!.peers.has('peer-villager')).toBe(false);
    expect(server.rooms.get(ROOM)!.lobby.size).toBe(0);
  });
});
