import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@shuoshi/db';
import type { QueueEntry } from '@shuoshi/protocol';
import { issueAccessToken } from '../src/auth/tokens';
import { staffPrincipal } from '../src/auth/staff-sign-in';
import { seedFixture, type Fixture, type StaffKey } from './api/fixture';
import { startTestServer, type TestServer } from './support/test-server';
import { QueueClient } from './support/queue-client';

/**
 * The live queue on real servers (socket.io namespace /queue): two nodes on one
 * PostgreSQL and one Redis race to accept the same requests (exactly one wins,
 * every time); a restart loses no queued request and still times them out; the
 * talk room sees its position move and is told of call-backs and of the lawyer
 * who accepted (with its own join token).
 */
const SECRET = 'queue-test-secret-queue-test-secret-0123';
const realServices = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);

const servers: TestServer[] = [];
const sockets: QueueClient[] = [];
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.close();
  for (const s of servers.splice(0).reverse()) await s.stop();
  for (const c of cleanups.splice(0)) await c();
});
afterAll(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function node(env: Record<string, string>, where: { databaseUrl?: string; dataDir?: string }) {
  const s = await startTestServer({ ...where, env: { AUTH_SECRET: SECRET, ...env } });
  servers.push(s);
  return s;
}

const token = async (org: Fixture, key: StaffKey) => (await issueAccessToken(SECRET, staffPrincipal(org.staff[key]))).token;

async function rest(server: TestServer, method: string, url: string, auth: string, body?: unknown) {
  const res = await fetch(`${server.url}${url}`, { method, headers: { authorization: `Bearer ${auth}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}

function track(c: QueueClient): QueueClient {
  sockets.push(c);
  return c;
}

async function lawyerOnDuty(server: TestServer, org: Fixture, key: StaffKey) {
  const c = track(new QueueClient(server.url, await token(org, key)));
  await c.connected();
  expect(await c.request('duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
  return c;
}

describe('consultation queue: two nodes, one PostgreSQL, one Redis', () => {
  it.skipIf(!realServices)('lets exactly one of two lawyers on different nodes accept each request, 20 times', async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const org = await seedFixture(db.prisma);
    const a = await node({ CONSULT_QUEUE_TIMEOUT_S: '300' }, { databaseUrl: db.url });
    const b = await node({ CONSULT_QUEUE_TIMEOUT_S: '300' }, { databaseUrl: db.url });
    const lawyerA = await lawyerOnDuty(a, org, 'lawyer');
    const lawyerB = await lawyerOnDuty(b, org, 'lawyer2');
    // the talk room listens on node B; requests are made on either node
    const room = track(new QueueClient(b.url, await token(org, 'operator1')));
    await room.connected();
    const operator = await token(org, 'operator1');

    const wins = { lawyer: 0, lawyer2: 0 };
    for (let i = 0; i < 20; i++) {
      const asked = await rest(i % 2 ? b : a, 'POST', '/api/consultations', operator, { topic: 'NEIGHBOUR', question: `第${i + 1}个问题` });
      expect(asked.status).toBe(201);
      const id: string = asked.body.id;
      expect(asked.body.queue).toMatchObject({ position: 1, queueLength: 1 });
      // both lawyers see it live, whichever node it was asked on
      const seen = (p: { entries: QueueEntry[] }) => p.entries.some((e) => e.consultationId === id);
      await Promise.all([lawyerA.next('queue:list', seen), lawyerB.next('queue:list', seen), room.next('queue:position', (p) => p.consultationId === id)]);

      const [ra, rb] = await Promise.all([lawyerA.request('queue:accept', { consultationId: id }), lawyerB.request('queue:accept', { consultationId: id })]);
      const oks = [ra, rb].filter((r) => r.ok);
      expect(oks, JSON.stringify([ra, rb])).toHaveLength(1);
      const loser = ra.ok ? rb : ra;
      expect(loser.error.code).toBe('CONSULTATION_TAKEN');
      wins[ra.ok ? 'lawyer' : 'lawyer2']++;
      const winner = oks[0];
      expect(winner.join.role).toBe('lawyer');
      // everyone on duty hears it was taken; the talk room gets its own join token for the same live room
      const loserClient = ra.ok ? lawyerB : lawyerA;
      await loserClient.next('queue:taken', (p) => p.consultationId === id);
      const pushed = await room.next('consultation:accepted', (p) => p.consultationId === id);
      expect(pushed.join.roomId).toBe(winner.join.roomId);
      expect(pushed.join.sessionId).toBe(winner.join.sessionId);
      expect(pushed.join.role).toBe('operator');
      expect(pushed.join.token.split('.')).toHaveLength(3);
      const join = await rest(b, 'POST', `/api/sessions/${winner.join.sessionId}/join-token`, operator);
      expect(join.body.peerId).toBe(pushed.join.peerId);
    }
    expect(wins.lawyer + wins.lawyer2).toBe(20);
    const rows = await db.prisma.consultation.findMany({ include: { sessions: true } });
    expect(rows).toHaveLength(20);
    for (const r of rows) {
      expect(r.status).toBe('ACCEPTED');
      expect(r.sessions).toHaveLength(1);
      expect(r.sessions[0]!.hostId).toBe(r.lawyerId);
    }
    const accepts = await db.prisma.auditLog.count({ where: { action: 'consultation.accept' } });
    expect(accepts).toBe(20);
  }, 240_000);
});

describe(`consultation queue: restart and time-outs (${process.env.DATABASE_URL ? 'postgres' : 'embedded'})`, () => {
  it('rebuilds the queue after a restart (positions right) and still times the requests out into call-backs', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'shuoshi-queue-'));
    cleanups.push(async () => fs.rmSync(dataDir, { recursive: true, force: true }));
    let db: TestDatabase | undefined;
    if (process.env.DATABASE_URL) {
      db = await createTestDatabase();
      cleanups.push(() => db!.drop());
    }
    const TIMEOUT_S = 15;
    const env = { CONSULT_QUEUE_TIMEOUT_S: String(TIMEOUT_S) };
    const first = await node(env, { dataDir, ...(db ? { databaseUrl: db.url } : {}) });
    const org = await seedFixture(first.db.prisma);
    expect((await rest(first, 'POST', '/api/duty', await token(org, 'lawyer'), { onDuty: true })).status).toBe(200);
    const ops: StaffKey[] = ['operator1', 'operator1b', 'operator2'];
    const ids: string[] = [];
    for (const [i, op] of ops.entries()) {
      const r = await rest(first, 'POST', '/api/consultations', await token(org, op), { topic: 'LABOUR_WAGES' });
      expect(r.body.queue).toMatchObject({ position: i + 1, queueLength: i + 1 });
      ids.push(r.body.id);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const requestedAt = new Map<string, number>();
    for (const q of await first.db.prisma.consultation.findMany()) requestedAt.set(q.id, q.requestedAt.getTime());

    await first.stop();
    servers.splice(servers.indexOf(first), 1);
    const second = await node(env, { dataDir, ...(db ? { databaseUrl: db.url } : {}) });

    const rooms = await Promise.all(ops.map(async (op) => {
      const c = track(new QueueClient(second.url, await token(org, op)));
      await c.connected();
      return c;
    }));
    const lawyer = track(new QueueClient(second.url, await token(org, 'lawyer')));
    await lawyer.connected();
    // intact, in order, each talk room told where it stands
    const list = await lawyer.next('queue:list');
    expect(list.entries.map((e: QueueEntry) => e.consultationId)).toEqual(ids);
    expect(list.entries.map((e: QueueEntry) => e.position)).toEqual([1, 2, 3]);
    for (const [i, c] of rooms.entries()) {
      expect(await c.next('queue:position', (p) => p.consultationId === ids[i])).toMatchObject({ position: i + 1, queueLength: 3 });
    }

    // the lawyer takes the first: the others move up, live
    const taken = await lawyer.request('queue:accept', { consultationId: ids[0] });
    expect(taken.ok).toBe(true);
    await rooms[0]!.next('consultation:accepted', (p) => p.consultationId === ids[0]);
    expect(await rooms[1]!.next('queue:position', (p) => p.consultationId === ids[1] && p.position === 1)).toMatchObject({ queueLength: 2 });
    expect(await rooms[2]!.next('queue:position', (p) => p.consultationId === ids[2] && p.position === 2)).toMatchObject({ queueLength: 2 });

    // nobody accepts the other two: the restarted node's timer converts them, not before their time
    for (const i of [1, 2]) {
      const cb = await rooms[i]!.next('consultation:callback', (p) => p.consultationId === ids[i], (TIMEOUT_S + 20) * 1000);
      expect(Date.now()).toBeGreaterThanOrEqual(requestedAt.get(ids[i]!)! + TIMEOUT_S * 1000);
      expect(cb.reason).toBe('QUEUE_TIMEOUT');
      expect(new Date(cb.callbackAt).getTime()).toBeGreaterThan(Date.now());
    }
    const rows = await second.db.prisma.consultation.findMany({ orderBy: { requestedAt: 'asc' } });
    expect(rows.map((r) => [r.status, r.callbackReason])).toEqual([
      ['ACCEPTED', null],
      ['CALLBACK_SCHEDULED', 'QUEUE_TIMEOUT'],
      ['CALLBACK_SCHEDULED', 'QUEUE_TIMEOUT'],
    ]);
    expect(await lawyer.next('queue:list', (p) => p.entries.length === 0)).toEqual({ entries: [] });
  }, 120_000);

  it('tells the talk room its call-back time when nobody is on duty; refuses strangers and wrong roles', async () => {
    const s = await node({}, {});
    const org = await seedFixture(s.db.prisma);
    const room = track(new QueueClient(s.url, await token(org, 'operator2')));
    await room.connected();
    const r = await rest(s, 'POST', '/api/consultations', await token(org, 'operator2'), { topic: 'OTHER' });
    expect(r.body.callback.reason).toBe('NO_LAWYER_ON_DUTY');
    expect(await room.next('consultation:callback', (p) => p.consultationId === r.body.id)).toEqual({
      consultationId: r.body.id,
      callbackAt: r.body.callback.callbackAt,
      reason: 'NO_LAWYER_ON_DUTY',
    });

    for (const [auth, code] of [['nonsense', 'TOKEN_INVALID'], [await token(org, 'mediator1'), 'ROLE_NOT_ALLOWED'], [await token(org, 'admin'), 'ROLE_NOT_ALLOWED']] as const) {
      const c = track(new QueueClient(s.url, auth));
      const err = await c.connected().then(() => null, (e: Error & { data?: { code: string } }) => e);
      expect(err?.data?.code).toBe(code);
    }
    // a talk room cannot accept or switch duty; a lawyer gets BAD_REQUEST for junk
    expect((await room.request('queue:accept', { consultationId: r.body.id })).error.code).toBe('FORBIDDEN');
    expect((await room.request('duty:set', { onDuty: true })).error.code).toBe('FORBIDDEN');
    const lawyer = track(new QueueClient(s.url, await token(org, 'lawyer')));
    await lawyer.connected();
    expect((await lawyer.request('queue:accept', { consultationId: 'x' })).error.code).toBe('BAD_REQUEST');
    expect((await lawyer.request('queue:accept', { consultationId: r.body.id })).error.code).toBe('NOT_ON_DUTY');
    expect((await lawyer.request('duty:set', { onDuty: true })).ok).toBe(true);
    expect((await lawyer.request('queue:accept', { consultationId: r.body.id })).error.code).toBe('CONSULTATION_STATE');
    // presence: on duty with the queue open, or on duty by REST only
    expect((await rest(s, 'POST', '/api/duty', await token(org, 'lawyer2'), { onDuty: true })).status).toBe(200);
    const present = await rest(s, 'GET', '/api/duty/lawyers', await token(org, 'operator2'));
    expect(Object.fromEntries(present.body.items.map((l: { lawyerId: string; connected: boolean }) => [l.lawyerId, l.connected]))).toEqual({ [org.staff.lawyer.id]: true, [org.staff.lawyer2.id]: false });
    // a request asked now is queued; the talk room abandons it over the socket
    const q = await rest(s, 'POST', '/api/consultations', await token(org, 'operator2'), { topic: 'OTHER' });
    expect(q.body.queue.position).toBe(1);
    expect(await room.request('queue:abandon', { consultationId: q.body.id })).toEqual({ ok: true, consultationId: q.body.id });
    await lawyer.next('queue:list', (p) => p.entries.length === 0);

    // accepted while the talk room's link was down: its next connection gets the join token
    room.close();
    const q2 = await rest(s, 'POST', '/api/consultations', await token(org, 'operator2'), { topic: 'OTHER' });
    const won = await lawyer.request('queue:accept', { consultationId: q2.body.id });
    expect(won.ok).toBe(true);
    const back = track(new QueueClient(s.url, await token(org, 'operator2')));
    await back.connected();
    expect((await back.next('consultation:accepted', (p) => p.consultationId === q2.body.id)).join.roomId).toBe(won.join.roomId);
  }, 60_000);
});
