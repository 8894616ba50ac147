/**
 * WorkerPool and MediaRoomRegistry against real workers: placement on the least-loaded
 * worker, serialised room creation, rooms closing when their last peer is removed,
 * typed errors, and a worker killed under a room (closed rooms, a replacement worker).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaRoomRegistry, Sfu, SfuError, WorkerPool, type MediaRoom, type RoomCloseReason } from '../src/index';
import { isAlive, nextEvent, testLogger, waitUntil } from './helpers';

describe('WorkerPool and MediaRoomRegistry', () => {
  let pool: WorkerPool;
  let registry: MediaRoomRegistry;
  const pidOf = (index: number) => pool.health()[index]?.pid;

  beforeAll(async () => {
    pool = new WorkerPool({ numWorkers: 2, webRtcServerPort: 0, listenIp: '127.0.0.1', workerRestartDelayMs: 200 }, testLogger());
    await pool.start();
    registry = new MediaRoomRegistry(pool);
  });

  afterAll(async () => {
    const pids = pool.health().map((w) => w.pid);
    await pool.close();
    await pool.close(); // idempotent
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
  });

  it('reports every worker alive with its pid', () => {
    const health = pool.health();
    expect(health.map((w) => w.index)).toEqual([0, 1]);
    for (const w of health) {
      expect(w.alive).toBe(true);
      expect(isAlive(w.pid)).toBe(true);
      expect(w.rooms).toBe(0);
    }
  });

  it('places each new room on the least-loaded worker (rooms + transports)', async () => {
    const a = await pool.createRoom('place-a');
    const b = await pool.createRoom('place-b');
    expect(a.workerPid).toBe(pidOf(0));
    expect(b.workerPid).toBe(pidOf(1)); // empty rooms spread
    // Three transports make worker 0 the busier one: 1 + 3 against 1 + 0.
    await a.createWebRtcTransport('p1', 'send');
    await a.createWebRtcTransport('p1', 'recv');
    await a.createWebRtcTransport('p2', 'send');
    const c = await pool.createRoom('place-c');
    const d = await pool.createRoom('place-d');
    const e = await pool.createRoom('place-e');
    expect([c.workerPid, d.workerPid, e.workerPid]).toEqual([pidOf(1), pidOf(1), pidOf(1)]);
    const f = await pool.createRoom('place-f'); // 4 against 4: the lower index wins
    expect(f.workerPid).toBe(pidOf(0));
    expect(pool.health().map((w) => [w.rooms, w.transports])).toEqual([
      [2, 3],
      [4, 0],
    ]);
    for (const r of [a, b, c, d, e, f]) r.close();
    expect(pool.health().map((w) => w.rooms)).toEqual([0, 0]);
  });

  it('creates one room for concurrent first calls with the same id, and forgets it on close', async () => {
    const [r1, r2, r3] = await Promise.all([
      registry.getOrCreateRoom('same'),
      registry.getOrCreateRoom('same'),
      registry.getOrCreateRoom('same'),
    ]);
    expect(r1).toBe(r2);
    expect(r1).toBe(r3);
    expect(registry.size).toBe(1);
    expect(pool.health().reduce((n, w) => n + w.rooms, 0)).toBe(1);
    r1!.close();
    expect(registry.getRoom('same')).toBeUndefined();
    const again = await registry.getOrCreateRoom('same');
    expect(again).not.toBe(r1);
    expect(again.closed).toBe(false);
    again.close();
  });

  it('closes a room when its last peer is removed, not before', async () => {
    const room = await registry.getOrCreateRoom('empty-me');
    const reasons: RoomCloseReason[] = [];
    room.on('close', (r) => reasons.push(r));
    room.addPeer('mediator');
    await room.createWebRtcTransport('party', 'send'); // registers 'party' too
    expect(room.peerCount).toBe(2);
    room.closePeer('party'); // transports go, the seat stays
    expect(room.transportCount).toBe(0);
    expect(room.peerCount).toBe(2);
    room.removePeer('party');
    expect(room.closed).toBe(false);
    room.removePeer('mediator');
    expect(room.closed).toBe(true);
    expect(reasons).toEqual(['empty']);
    expect(registry.getRoom('empty-me')).toBeUndefined();
    room.close(); // idempotent: no second event
    expect(reasons).toEqual(['empty']);
  });

  it('answers bad requests with typed errors', async () => {
    const room = await pool.createRoom('errors');
    const send = await room.createWebRtcTransport('p', 'send');
    const recv = await room.createWebRtcTransport('p', 'recv');
    const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (e instanceof SfuError ? e.code : String(e)));
    const caps = room.rtpCapabilities;
    expect(await code(room.consume('p', send.id, 'nope', caps))).toBe('WRONG_DIRECTION');
    expect(await code(room.consume('p', recv.id, 'nope', caps))).toBe('PRODUCER_NOT_FOUND');
    expect(await code(room.consume('someone-else', recv.id, 'nope', caps))).toBe('TRANSPORT_NOT_FOUND');
    expect(await code(room.restartIce('p', 'no-such-transport'))).toBe('TRANSPORT_NOT_FOUND');
    expect(() => room.getPeerConsumer('p', 'nope')).toThrowError(SfuError);
    room.close();
    expect(await code(room.createWebRtcTransport('p', 'send'))).toBe('ROOM_CLOSED');
  });

  it('closes the rooms of a worker that dies and starts a replacement', async () => {
    const rooms: MediaRoom[] = [];
    for (let i = 0; i < 4; i++) rooms.push(await registry.getOrCreateRoom(`doomed-${i}`));
    const victim = rooms[0]!;
    const deadPid = victim.workerPid;
    const index = pool.health().findIndex((w) => w.pid === deadPid);
    const onVictim = rooms.filter((r) => r.workerPid === deadPid);
    const survivors = rooms.filter((r) => r.workerPid !== deadPid);
    expect(onVictim.length).toBe(2);
    const closes = onVictim.map((r) => nextEvent<[RoomCloseReason]>(r, 'close'));
    const died = nextEvent<[{ index: number; pid: number }]>(pool, 'workerdied');
    const started = nextEvent<[{ index: number; pid: number; replacement: boolean }]>(pool, 'workerstarted');

    process.kill(deadPid, 'SIGKILL');

    for (const [reason] of await Promise.all(closes)) expect(reason).toBe('worker-died');
    const [death] = await died;
    expect(death).toMatchObject({ index, pid: deadPid });
    for (const r of onVictim) expect(registry.getRoom(r.id)).toBeUndefined();
    for (const r of survivors) expect(r.closed).toBe(false);

    const [start] = await started;
    expect(start).toMatchObject({ index, replacement: true });
    expect(start.pid).not.toBe(deadPid);
    await waitUntil(() => pool.health().every((w) => w.alive && isAlive(w.pid)), 5_000, 'every worker alive');
    expect(pool.health()[index]?.pid).toBe(start.pid);

    // The replacement takes rooms (it is now the least loaded) and its WebRtcServer works.
    const fresh = await registry.getOrCreateRoom('after-death');
    expect(fresh.workerPid).toBe(start.pid);
    const info = await fresh.createWebRtcTransport('p', 'send');
    expect(info.iceCandidates.length).toBeGreaterThanOrEqual(2); // UDP and TCP
    for (const r of [...survivors, fresh]) r.close();
  });
});

describe('Sfu facade', () => {
  it('starts workers, hosts rooms and closes them with reason shutdown', async () => {
    const sfu = await Sfu.start({ numWorkers: 1, webRtcServerPort: 0 }, testLogger());
    const pid = sfu.health()[0]!.pid;
    try {
      const [a, b] = await Promise.all([sfu.getOrCreateRoom('r'), sfu.getOrCreateRoom('r')]);
      expect(a).toBe(b);
      expect(sfu.getRoom('r')).toBe(a);
      const closed = nextEvent<[RoomCloseReason]>(a!, 'close');
      await sfu.close();
      expect((await closed)[0]).toBe('shutdown');
      expect(sfu.getRoom('r')).toBeUndefined();
      await expect(sfu.getOrCreateRoom('r')).rejects.toMatchObject({ code: 'POOL_CLOSED' });
    } finally {
      await sfu.close();
    }
    expect(isAlive(pid)).toBe(false);
  });
});
