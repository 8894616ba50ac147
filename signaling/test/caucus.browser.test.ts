import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './support/test-server';
import { ensureWebBuilt } from './support/web-build';
import { Participant, eventually, launchChromium, mediaWindow } from './support/browser';

/**
 * Caucus (背对背调解) in real Chromium: four parties and the mediator, one browser,
 * five contexts. The proof is in the receivers' byte counters: audio from the other
 * group stops arriving (its consumers are gone), audio from one's own group keeps growing.
 */
const ROOM = 'caucus-2026-0001';
type Name = 'mediator' | 'p1' | 'p2' | 'p3' | 'p4';
const NAMES: Name[] = ['mediator', 'p1', 'p2', 'p3', 'p4'];
let server: TestServer;
let browser: Browser;
const people = {} as Record<Name, Participant>;
const id = (n: Name) => `peer-${n}`;

/** Audio bytes each receiver has had from each sender, now. */
async function audioBytes(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const r of NAMES) {
    const stats = await people[r].inbound();
    for (const s of NAMES) {
      if (s === r) continue;
      out[`${r}<${s}`] = stats.filter((x) => x.peerId === id(s) && x.kind === 'audio').reduce((n, x) => n + x.bytesReceived, 0);
    }
  }
  return out;
}

/** Waits until every allowed pair receives growing audio; then checks the forbidden pairs do not grow. */
async function expectMedia(allowed: (r: Name, s: Name) => boolean) {
  const pairs = NAMES.flatMap((r) => NAMES.filter((s) => s !== r).map((s) => [r, s] as const));
  const base = await audioBytes();
  await eventually(
    async () => {
      const now = await audioBytes();
      return pairs.filter(([r, s]) => allowed(r, s)).every(([r, s]) => now[`${r}<${s}`]! > base[`${r}<${s}`]!);
    },
    15_000,
    'audio to flow within each group',
    audioBytes,
  );
  // no consumer crosses groups on the server
  const room = server.rooms.get(ROOM)!;
  for (const [r, s] of pairs) {
    const consumers = [...room.peers.get(id(r))!.consumers.values()].filter((c) => c.fromPeerId === id(s));
    expect(consumers.length, `${r} consumes ${s}`).toBe(allowed(r, s) ? 2 : 0);
  }
  // audio within the groups is the clock: what was in flight across groups lands, then about a second more passes
  const within = pairs.filter(([r, s]) => allowed(r, s)).map(([r, s]) => `${r}<${s}`);
  const flowing = async () => {
    const now = await audioBytes();
    return Math.min(...within.map((k) => now[k]!));
  };
  await mediaWindow(flowing, 1_500, 'audio sent within the groups after the change');
  const before = await audioBytes();
  await mediaWindow(flowing, 5_000, 'about a second of audio within the groups');
  const after = await audioBytes();
  for (const [r, s] of pairs) if (!allowed(r, s)) expect(after[`${r}<${s}`], `${r} hears ${s}`).toBe(before[`${r}<${s}`]);
}

const host = (request: 'host:caucus:set' | 'host:move', payload: unknown, who: Name = 'mediator') =>
  people[who].runWith(
    ([name, body]) =>
      (globalThis.__shuoshi!.client as unknown as { signal: { request(n: string, p: unknown): Promise<unknown> } }).signal
        .request(name, body)
        .then(
          (res) => ({ ok: true, res }),
          (err: { code?: string }) => ({ ok: false, code: err.code }),
        ),
    [request, payload] as const,
  );

beforeAll(async () => {
  ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchChromium()]);
  for (const n of NAMES) {
    const token = await server.token(ROOM, n === 'mediator' ? 'mediator' : 'party', n, id(n));
    people[n] = await Participant.open(browser, n, `${server.url}/room/${ROOM}#token=${token}`);
  }
  for (const n of NAMES) await people[n].waitForState('joined');
}, 120_000);

afterAll(async () => {
  for (const p of Object.values(people)) await p?.close();
  await browser?.close();
  await server?.stop();
});

describe('caucus in real Chromium', () => {
  const group = (n: Name, mediatorIn: 'A' | 'B' | null) => (n === 'p1' || n === 'p2' ? 'A' : n === 'p3' || n === 'p4' ? 'B' : mediatorIn);

  it('a party cannot split the room (NOT_HOST)', async () => {
    expect(await host('host:caucus:set', { groups: [] }, 'p1')).toEqual({ ok: false, code: 'NOT_HOST' });
    expect(await host('host:move', { peerId: id('p3'), groupId: 'A' }, 'p1')).toEqual({ ok: false, code: 'NOT_HOST' });
  });

  it('groups A and B receive nothing from each other; the mediator visits each in turn; the plenary restores all', async () => {
    await expectMedia(() => true);
    expect(
      await host('host:caucus:set', {
        groups: [
          { label: 'A', peerIds: [id('p1'), id('p2')] },
          { label: 'B', peerIds: [id('p3'), id('p4')] },
        ],
      }),
    ).toMatchObject({ ok: true });
    await expectMedia((r, s) => group(r, null) === group(s, null));

    // group ids are the server's: find them by the labels the host gave
    const idOf = (label: string) => server.rooms.get(ROOM)!.caucus.groups().find((g) => g.label === label)!.groupId;
    expect(await host('host:move', { peerId: id('mediator'), groupId: idOf('A') })).toMatchObject({ ok: true });
    await expectMedia((r, s) => group(r, 'A') === group(s, 'A'));

    expect(await host('host:move', { peerId: id('mediator'), groupId: idOf('B') })).toMatchObject({ ok: true });
    await expectMedia((r, s) => group(r, 'B') === group(s, 'B'));

    expect(await host('host:caucus:set', { groups: [] })).toMatchObject({ ok: true });
    await expectMedia(() => true);

    // (each page that changed group re-read its chat: those reads are audited too, as chat.read)
    const audit = await server.db.prisma.auditLog.findMany({ where: { entityType: 'Room', entityId: ROOM, action: { startsWith: 'room.caucus.' } }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ['room.caucus.set', id('mediator')],
      ['room.caucus.move', id('mediator')],
      ['room.caucus.move', id('mediator')],
      ['room.caucus.set', id('mediator')],
    ]);
  }, 180_000);
});
