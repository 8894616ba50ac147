import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Cluster, NodeClient } from './support/cluster';

/**
 * A node whose process died is known at once, not when its leases lapse (issue #15): its
 * Redis connection closed with it. The leases here are a minute long; the seats of a
 * SIGKILLed node are back on the other node well within it (the hang guard is half of
 * it), which only the dead node's missing connection can allow. A live node keeps its
 * rooms: seats that reach another node are sent to it, never taken from it.
 */
const ready = Boolean(process.env.REDIS_URL && process.env.DATABASE_URL);
const LEASE_MS = 60_000;

describe.skipIf(!ready)('a dead node is known by its closed Redis connection', () => {
  let cluster: Cluster;
  let redis: Redis;
  const clients: NodeClient[] = [];
  const client = (home: string) => {
    const c = new NodeClient(cluster.node(home).url);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    cluster = await Cluster.create({ ROOM_LEASE_MS: String(LEASE_MS), PEER_GRACE_MS: '90000' });
    await Promise.all(['d1', 'd2'].map((n) => cluster.start(n)));
    redis = new Redis(process.env.REDIS_URL!);
  }, 120_000);
  afterAll(async () => {
    clients.forEach((c) => c.close());
    redis?.disconnect();
    await cluster?.stop();
  });

  it('seats of a SIGKILLed node come back long before its leases would lapse; a live node is not robbed', async () => {
    // everyone comes in by d2 (as through a balancer): an empty deployment places the room on d1 (by name)
    const mediator = client('d2');
    const party = client('d2');
    await mediator.seatBy('join', { token: await cluster.token('room-dead', 'mediator', '调解员', 'm-dead') });
    await party.seatBy('join', { token: await cluster.token('room-dead', 'party', '张三', 'p-dead') });
    const host = cluster.nameOf(mediator.url)!;
    expect(host).toBe('d1');
    expect(cluster.nameOf(party.url)).toBe(host);
    const other = 'd2';

    // alive: a seat that reaches the other node is sent to the host, which keeps the room
    const visitor = client(other);
    expect(await visitor.seatBy('join', { token: await cluster.token('room-dead', 'party', '李四', 'v-dead') })).toMatchObject({ ok: true });
    expect(cluster.nameOf(visitor.url)).toBe(host);

    // the room's image in Redis has caught up with the three seats (the host writes it each tick)
    await expect
      .poll(async () => {
        const img = JSON.parse((await redis.get(`${cluster.keys}:room:room-dead:image`)) ?? '{}') as { seats?: Array<{ peerId: string }> };
        return (img.seats ?? []).map((x) => x.peerId).sort();
      }, { timeout: 10_000 })
      .toEqual(['m-dead', 'p-dead', 'v-dead']);
    await cluster.kill(host);
    const back = await Promise.all([mediator, party, visitor].map((c) => c.seatBy('resume', { resumeToken: c.resumeToken }, LEASE_MS / 2)));
    for (const ack of back) expect(ack, JSON.stringify(ack.error)).toMatchObject({ ok: true, admission: 'admitted', media: 'new' });
    expect(back.map((a) => a.peerId)).toEqual(['m-dead', 'p-dead', 'v-dead']);
    for (const c of [mediator, party, visitor]) expect(cluster.nameOf(c.url)).toBe(other);

    // the node comes back: it does not take the room from the live node that now hosts it
    await cluster.restart(host);
    const late = client(host);
    expect(await late.seatBy('join', { token: await cluster.token('room-dead', 'party', '王五', 'w-dead') })).toMatchObject({ ok: true });
    expect(cluster.nameOf(late.url)).toBe(other);
  }, 120_000);
});
