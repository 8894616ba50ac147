import { afterEach, describe, expect, it, vi } from 'vitest';
import pino from 'pino';
import { FakeLink, FakeMediaSession } from './fake-media';
import { LinkWatch } from './link-watch';
import { Peer } from './peer';
import { Room } from './room';

const log = pino({ level: 'silent' });

describe('LinkWatch', () => {
  function watch() {
    let now = 0;
    const bytes = new Map<Peer, number | undefined>();
    const changes: string[] = [];
    const a = new Peer('a', 'a', 'party', new FakeLink(), log);
    const w = new LinkWatch(
      { seats: () => bytes.keys(), receivedBytes: async (p) => bytes.get(p), changed: (p, link) => changes.push(`${p.id}:${link}`), now: () => now },
      { intervalMs: 1_000, quietMs: 3_500 },
    );
    return { w, a, bytes, changes, tick: async (ms: number) => ((now += ms), await w.poll()) };
  }

  it('calls a seat interrupted once nothing arrived for the quiet time, and good at the first byte again', async () => {
    const { a, bytes, changes, tick } = watch();
    bytes.set(a, 100);
    await tick(0);
    for (const b of [200, 300]) {
      bytes.set(a, b);
      await tick(1_000);
    }
    expect(changes).toEqual([]);
    await tick(1_000);
    await tick(1_000);
    await tick(1_000);
    expect(changes).toEqual([]); // 3 s quiet: not yet
    await tick(500);
    expect(changes).toEqual(['a:interrupted']);
    expect(a.info().link).toBe('interrupted');
    await tick(1_000);
    expect(changes).toEqual(['a:interrupted']); // told once
    bytes.set(a, 301);
    await tick(1_000);
    expect(changes).toEqual(['a:interrupted', 'a:good']);
    expect(a.info().link).toBeUndefined(); // good is the default, not sent
  });

  it('calls a seat weak after 5 rounds of a low score of what it sends, and good after 3 rounds of a good one', async () => {
    let now = 0;
    let score: number | undefined = 10;
    let bytes = 0;
    const changes: string[] = [];
    const a = new Peer('a', 'a', 'party', new FakeLink(), log);
    const w = new LinkWatch(
      { seats: () => [a], receivedBytes: async () => (bytes += 100), sendScore: () => score, changed: (p, link) => changes.push(`${p.id}:${link}`), now: () => now },
      { intervalMs: 1_000, quietMs: 3_500 },
    );
    const rounds = async (n: number) => {
      for (let i = 0; i < n; i++) (now += 1_000), await w.poll();
    };
    await rounds(3);
    score = 4;
    await rounds(4);
    score = 9; // one good second breaks the run
    await rounds(1);
    score = 5; // 5 is not low enough
    await rounds(6);
    score = 3;
    await rounds(4);
    expect(changes).toEqual([]);
    await rounds(1);
    expect(changes).toEqual(['a:weak']);
    expect(a.info().link).toBe('weak');
    score = undefined; // nothing flows (camera and microphone off): nothing against it
    await rounds(2);
    expect(changes).toEqual(['a:weak']);
    await rounds(1);
    expect(changes).toEqual(['a:weak', 'a:good']);
  });

  it('does not judge a seat without transports, and takes a new transport’s count from 0 as traffic', async () => {
    const { a, bytes, changes, tick } = watch();
    bytes.set(a, undefined);
    for (let i = 0; i < 10; i++) await tick(1_000);
    expect(changes).toEqual([]);
    bytes.set(a, 5_000);
    await tick(1_000);
    bytes.set(a, 40); // rejoined: a fresh transport
    await tick(1_000);
    expect(changes).toEqual([]);
  });
});

describe('Room: media outages told to the others', () => {
  afterEach(() => vi.useRealTimers());

  it('tells every other seat that a seat’s media stopped arriving, and that it is back', async () => {
    vi.useFakeTimers();
    const media = new FakeMediaSession();
    const room = new Room('r-link', media, { graceMs: 20_000, log, linkWatch: { intervalMs: 1_000, quietMs: 3_000 } });
    const host = new FakeLink();
    const villager = new FakeLink();
    const h = room.join({ peerId: 'host', displayName: '调解员', role: 'mediator' }, host);
    const v = room.join({ peerId: 'villager', displayName: '村民', role: 'party', autoAdmit: true }, villager);
    let n = 0;
    /** One second: the host's media keeps arriving; the villager's too unless `villagerQuiet`. */
    const second = async (villagerQuiet: boolean) => {
      n += 100;
      media.bytes.set(h.mediaKey, n);
      if (!villagerQuiet) media.bytes.set(v.mediaKey, n);
      await vi.advanceTimersByTimeAsync(1_000);
    };
    for (let i = 0; i < 3; i++) await second(false);
    for (let i = 0; i < 2; i++) await second(true);
    expect(host.of('peerLink')).toEqual([]);
    await second(true);
    expect(host.of('peerLink')).toEqual([{ peerId: 'villager', link: 'interrupted' }]);
    expect(villager.of('peerLink')).toEqual([]);
    expect(room.view(h).peers.find((p) => p.peerId === 'villager')?.link).toBe('interrupted');
    await second(false);
    expect(host.of('peerLink').at(-1)).toEqual({ peerId: 'villager', link: 'good' });
    room.close();
  });
});
