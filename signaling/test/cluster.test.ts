import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { Cluster, NodeClient } from './support/cluster';

/**
 * Several nodes (issue #15), as real processes on one Redis and one PostgreSQL: a room is
 * placed on one node, seats that reach another node follow it there, and when the room's
 * node dies (SIGKILL) or drains (SIGTERM) its seats come back on another node, same seat,
 * admission, caucus group, hands and lock, without anyone admitting them again.
 */
const ready = Boolean(process.env.REDIS_URL && process.env.DATABASE_URL);

describe.skipIf(!ready)('rooms across nodes', () => {
  let cluster: Cluster;
  let redis: Redis;
  beforeAll(async () => {
    cluster = await Cluster.create({ ROOM_LEASE_MS: '2000', PEER_GRACE_MS: '60000' });
    await Promise.all(['n1', 'n2', 'n3'].map((n) => cluster.start(n)));
    redis = new Redis(process.env.REDIS_URL!);
  }, 120_000);
  afterAll(async () => {
    redis?.disconnect();
    await cluster?.stop();
  });

  const clients: NodeClient[] = [];
  const client = (home: string) => {
    const c = new NodeClient(cluster.node(home).url);
    clients.push(c);
    return c;
  };
  afterAll(() => clients.forEach((c) => c.close()));

  /**
   * A mediation in a room: mediator, two villagers admitted from the lobby into two caucus groups, a lawyer.
   * The mediator comes in by `via`; the room lands on the least-loaded node (whichever that is when
   * the cards are read), and everyone's home, the node they come back through, is one of the other two:
   * the seats reach the room from different nodes, and none of them calls home the node that will die.
   */
  async function mediation(roomId: string, via: string) {
    const mediator = client(via);
    const m = await mediator.seatBy('join', { token: await cluster.token(roomId, 'mediator', '调解员', `m-${roomId}`) });
    expect(m).toMatchObject({ ok: true, admission: 'admitted' });
    const host = cluster.nameOf(mediator.url)!;
    const [one, two] = ['n1', 'n2', 'n3'].filter((n) => n !== host);
    mediator.home = cluster.node(one!).url;
    const a = client(two!);
    const b = client(one!);
    const lawyer = client(two!);
    for (const [c, id, name] of [[a, `a-${roomId}`, '张三'], [b, `b-${roomId}`, '李四']] as const) {
      const ack = await c.seatBy('join', { token: await cluster.token(roomId, 'party', name, id, { autoAdmit: false }) });
      expect(ack).toMatchObject({ ok: true, admission: 'waiting' });
      expect(cluster.nameOf(c.url)).toBe(host); // the seat followed the room to its node
      expect(await mediator.request('host:admit', { peerId: id })).toEqual({ ok: true });
    }
    await lawyer.seatBy('join', { token: await cluster.token(roomId, 'lawyer', '律师', `l-${roomId}`) });
    const set = await mediator.request('host:caucus:set', { groups: [{ label: '甲方', peerIds: [`a-${roomId}`] }, { label: '乙方', peerIds: [`b-${roomId}`, `l-${roomId}`] }] });
    expect(set.ok).toBe(true);
    expect(await a.request('raiseHand', { raised: true })).toEqual({ ok: true });
    expect(await mediator.request('host:lock', { locked: true })).toEqual({ ok: true });
    // the room's image in Redis has caught up (the node writes it as the room changes)
    await expect
      .poll(async () => {
        const keys = await redis.keys(`${cluster.keys}:room:${roomId}:image`);
        const img = keys[0] ? JSON.parse((await redis.get(keys[0])) ?? '{}') : {};
        return { locked: img.host?.locked, hands: img.host?.hands, groups: img.caucus?.length };
      })
      .toEqual({ locked: true, hands: [`a-${roomId}`], groups: 2 });
    return { mediator, a, b, lawyer, host, groups: set.groups };
  }

  /** Every seat comes back through its home, resuming its own seat. */
  async function allBack(seats: NodeClient[]) {
    return Promise.all(seats.map((c) => c.seatBy('resume', { resumeToken: c.resumeToken }, 45_000)));
  }

  it('places a room on one node and sends seats from other nodes there', async () => {
    const m = client('n2');
    const p = client('n3');
    await m.seatBy('join', { token: await cluster.token('room-place', 'mediator', '调解员', 'm-place') });
    await p.seatBy('join', { token: await cluster.token('room-place', 'party', '王五', 'p-place') });
    expect(p.url).toBe(m.url);
    expect(p.seat.peers.map((x: { peerId: string }) => x.peerId)).toEqual(['m-place']);
    // a second join on another node never opens a second room of the same id
    const again = client('n1');
    const ack = await again.seatBy('join', { token: await cluster.token('room-place', 'party', '王五', 'p-place') });
    expect(again.url).toBe(m.url);
    expect(ack.peers.map((x: { peerId: string }) => x.peerId)).toEqual(['m-place']);
    await Promise.all([m.request('leave'), again.request('leave')]);
    // the room closed with its last seat: its node's card shows no seat again
    await expect.poll(async () => (await Promise.all((await redis.keys(`${cluster.keys}:node:*`)).map(async (k) => JSON.parse((await redis.get(k)) ?? '{}').seats ?? 0))).reduce((x, y) => x + y, 0)).toBe(0);
  });

  it('a person the host removed for good is refused at the room’s node, whichever node they come in by', async () => {
    const m = client('n1');
    await m.seatBy('join', { token: await cluster.token('room-removed', 'mediator', '调解员', 'm-removed') });
    const host = cluster.nameOf(m.url)!;
    const other = ['n1', 'n2', 'n3'].find((n) => n !== host)!;
    const p = client(other);
    const token = await cluster.token('room-removed', 'party', '赵六', 'p-removed');
    await p.seatBy('join', { token });
    expect(await m.request('host:remove', { peerId: 'p-removed' })).toEqual({ ok: true });
    // back in by a node that does not host the room: sent on, and refused where the room is
    const again = client(other);
    const ack = await again.seatBy('join', { token });
    expect(ack).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(cluster.nameOf(again.url)).toBe(host);
    await m.request('leave');
  });

  it('a node killed without a goodbye: every seat is back on another node, nothing to redo', async () => {
    const s = await mediation('room-kill', 'n2');
    const before = s.host;
    expect([s.mediator, s.a, s.b, s.lawyer].map((c) => cluster.nameOf(c.home))).not.toContain(before);
    const killedAt = s.mediator.events.length;
    await cluster.kill(before);
    onTestFinished(() => cluster.start(before).then(() => undefined)); // back for the next test, whatever happens here
    const [m, a, b, l] = await allBack([s.mediator, s.a, s.b, s.lawyer]);
    const now = cluster.nameOf(s.mediator.url);
    expect(now).not.toBe(before);
    for (const c of [s.a, s.b, s.lawyer]) expect(cluster.nameOf(c.url)).toBe(now);
    for (const ack of [m, a, b, l]) {
      expect(ack).toMatchObject({ ok: true, admission: 'admitted', media: 'new', locked: true });
    }
    expect(m.peerId).toBe('m-room-kill');
    expect(a.peerId).toBe('a-room-kill');
    // same groups (same ids: what was said in a group stays in it), same hand, same host
    expect(m.caucus).toEqual(s.groups);
    expect(m.hostId).toBe('m-room-kill');
    expect(m.hands).toEqual(['a-room-kill']);
    // a locked room still lets its own people back, and nobody new
    const stranger = client(cluster.nameOf(s.mediator.home)!); // by a live node (n2 may be the one killed)
    const refused = await stranger.seatBy('join', { token: await cluster.token('room-kill', 'party', '陌生人', 'x-room-kill') });
    expect(refused).toMatchObject({ ok: false, error: { code: 'ROOM_LOCKED' } });
    // the others were there all along, reconnecting, never gone
    expect(m.peers.map((p: { peerId: string }) => p.peerId).sort()).toEqual(['a-room-kill', 'b-room-kill', 'l-room-kill']);
    expect(s.mediator.events.slice(killedAt).filter((e) => e.event === 'peerLeft')).toEqual([]);
    await expect.poll(() => s.mediator.events.slice(killedAt).filter((e) => e.event === 'peerConnection' && e.payload.state === 'connected').length).toBeGreaterThanOrEqual(
      m.peers.filter((p: { connection: string }) => p.connection === 'reconnecting').length,
    );
  }, 120_000);

  it('a draining node (SIGTERM) hands its rooms over and exits; seats follow by themselves', async () => {
    const s = await mediation('room-drain', 'n3');
    const before = s.host;
    const moving = Promise.all([s.mediator, s.a].map((c) => new Promise<void>((resolve) => c.socket.once('roomMoving', () => resolve()))));
    const exited = cluster.terminate(before);
    await moving; // told before the node went
    expect(await exited).toBe(0);
    const [m, a] = await allBack([s.mediator, s.a, s.b, s.lawyer]);
    expect(cluster.nameOf(s.mediator.url)).not.toBe(before);
    expect(m).toMatchObject({ ok: true, admission: 'admitted', locked: true, caucus: s.groups });
    expect(a).toMatchObject({ ok: true, admission: 'admitted', peerId: 'a-room-drain' });
  }, 120_000);
});
