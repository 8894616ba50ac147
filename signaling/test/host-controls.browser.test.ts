import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { Participant, eventually, launchChromium, mediaWindow, sleep } from './support/browser';
import { signalRequest } from './support/signal-request';

/** Host controls in real Chromium: the mediator, a villager and a lawyer in one browser. */
const ROOM = 'host-controls-2026-0001';
type Name = 'mediator' | 'villager' | 'lawyer';
let server: TestServer;
let browser: Browser;
const people = {} as Record<Name, Participant>;
const id = (n: Name) => `peer-${n}`;

/** Sends any protocol request from a page's own socket; resolves with the ack's outcome. */
const send = (who: Name, request: string, payload: unknown) => signalRequest(people[who], request, payload);

/** The villager's audio bytes as the mediator and the lawyer have them. */
const villagerAudio = async () => Promise.all([people.mediator.from(id('villager')), people.lawyer.from(id('villager'))]).then((s) => s.map((x) => x.audioBytes));
/** The fewest of the villager's video frames the mediator or the lawyer has decoded: the clock of "nothing arrives" checks. */
const villagerVideo = async () => Math.min(...(await Promise.all([people.mediator.from(id('villager')), people.lawyer.from(id('villager'))])).map((x) => x.videoFrames));

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  const roles: Record<Name, 'mediator' | 'party' | 'lawyer'> = { mediator: 'mediator', villager: 'party', lawyer: 'lawyer' };
  for (const n of Object.keys(roles) as Name[]) {
    const token = await server.token(ROOM, roles[n], n, id(n));
    people[n] = await Participant.open(browser, n, `${server.url}/room/${ROOM}#token=${token}`);
  }
  for (const p of Object.values(people)) await p.waitForState('joined');
}, 120_000);

afterAll(async () => {
  for (const p of Object.values(people)) await p?.close();
  await browser?.close();
  await server?.stop();
});

describe('host controls in real Chromium', () => {
  it('every host request from a non-host is refused with NOT_HOST', async () => {
    const requests: Array<[string, unknown]> = [
      ['host:mute', { peerId: id('mediator'), source: 'microphone', muted: true }],
      ['host:move', { peerId: id('mediator'), groupId: 'A' }],
      ['host:caucus:set', { groups: [] }],
    ];
    for (const who of ['villager', 'lawyer'] as const)
      for (const [name, payload] of requests) expect(await send(who, name, payload), `${who} ${name}`).toEqual({ ok: false, code: 'NOT_HOST' });
  });

  it("a hard-muted party's audio stops reaching everyone and their own unmute is refused until the host allows it", async () => {
    const base = await villagerAudio();
    await eventually(async () => (await villagerAudio()).every((b, i) => b > base[i]!), 15_000, 'the villager to be heard', villagerAudio);

    expect(await send('mediator', 'host:mute', { peerId: id('villager'), source: 'microphone', muted: true })).toEqual({ ok: true, code: undefined });
    await mediaWindow(villagerVideo, 10, 'video sent after the mute'); // audio in flight has landed
    const before = await villagerAudio();
    const mic = [...server.rooms.get(ROOM)!.peers.get(id('villager'))!.producers.values()].find((p) => p.source === 'microphone')!;
    expect(mic.producer.paused).toBe(true);
    expect(await send('villager', 'resumeProducer', { producerId: mic.producer.id })).toEqual({ ok: false, code: 'MUTED_BY_HOST' });
    await mediaWindow(villagerVideo, 30, "a second of the villager's video");
    expect(await villagerAudio()).toEqual(before);

    expect(await send('mediator', 'host:mute', { peerId: id('villager'), source: 'microphone', muted: false })).toEqual({ ok: true, code: undefined });
    expect(await send('villager', 'resumeProducer', { producerId: mic.producer.id })).toEqual({ ok: true, code: undefined });
    await eventually(async () => (await villagerAudio()).every((b, i) => b > before[i]!), 15_000, 'the villager to be heard again', villagerAudio);

    // the audit log is written after the ack (the action never waits on the database)
    const actions = async () => (await server.db.prisma.auditLog.findMany({ where: { entityType: 'Room', entityId: ROOM, action: { startsWith: 'room.' } }, orderBy: { id: 'asc' } })).map((a) => a.action);
    await eventually(async () => (await actions()).length >= 2, 20_000, 'the audit rows', actions);
    expect(await actions()).toEqual(['room.mute', 'room.unmute']);
  }, 90_000);

  it('the host removes the villager for good, then ends the session for everyone; nobody rejoins', async () => {
    const state = (who: Name) => people[who].run(() => ({ state: globalThis.__shuoshi!.client!.state, reason: globalThis.__shuoshi!.client!.endReason }));
    expect(await send('mediator', 'host:remove', { peerId: id('villager') })).toEqual({ ok: true, code: undefined });
    await eventually(async () => (await state('villager')).state === 'left', 10_000, 'the villager to leave', () => state('villager'));
    expect(await state('villager')).toEqual({ state: 'left', reason: 'removed' });
    await eventually(async () => !(await people.lawyer.peers()).some((p) => p.peerId === id('villager')), 10_000, 'the lawyer to see the villager go');

    expect(await send('mediator', 'host:end', {})).toEqual({ ok: true, code: undefined });
    for (const who of ['lawyer', 'mediator'] as const) await eventually(async () => (await state(who)).state === 'left', 10_000, `${who} to leave`, () => state(who));
    await sleep(2_000);
    expect(await state('lawyer')).toEqual({ state: 'left', reason: 'ended' });
    expect(server.rooms.get(ROOM)).toBeUndefined();
  }, 60_000);
});
