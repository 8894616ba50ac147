import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@shuoshi/db';
import { issueAccessToken } from '../src/auth/tokens';
import { staffPrincipal } from '../src/auth/staff-sign-in';
import { seedFixture, type Fixture, type StaffKey } from './api/fixture';
import { startTestServer, type TestServer } from './support/test-server';
import { QueueClient } from './support/queue-client';
import { eventually } from './support/browser';

/**
 * Issue #13 bug 9: a lawyer who closed the console stayed on duty, and villagers waited
 * under a fixed estimate. A lawyer with no /queue socket on any node is off duty after
 * LAWYER_OFFLINE_GRACE_MS; a console open on another node (counted through the adapter)
 * keeps them on duty; the talk rooms hear the queue again.
 */
const SECRET = 'presence-test-secret-presence-test-0123';
const realServices = Boolean(process.env.DATABASE_URL && process.env.REDIS_URL);
const GRACE_MS = 800;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function node(where: { databaseUrl?: string } = {}): Promise<TestServer> {
  const s = await startTestServer({ ...where, env: { AUTH_SECRET: SECRET, LAWYER_OFFLINE_GRACE_MS: String(GRACE_MS) } });
  cleanups.push(() => s.stop());
  return s;
}
const token = async (org: Fixture, key: StaffKey) => (await issueAccessToken(SECRET, staffPrincipal(org.staff[key]))).token;
async function rest(server: TestServer, method: string, url: string, auth: string, body?: unknown) {
  const res = await fetch(`${server.url}${url}`, { method, headers: { authorization: `Bearer ${auth}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}
async function console_(server: TestServer, auth: string): Promise<QueueClient> {
  const c = new QueueClient(server.url, auth);
  cleanups.push(() => c.close());
  await c.connected();
  return c;
}
const onDuty = async (server: TestServer, auth: string) => (await rest(server, 'GET', '/api/duty', auth)).body.onDuty as boolean;

describe('a lawyer with no console open goes off duty (issue #13 bug 9)', () => {
  it('closing the only console: off duty after the grace, and the waiting talk room is told again', async () => {
    const server = await node();
    const org = await seedFixture(server.db.prisma);
    const lawyer = await token(org, 'lawyer');
    const desk = await console_(server, lawyer);
    expect(await desk.request('duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
    const room = await console_(server, await token(org, 'operator1'));
    const asked = await rest(server, 'POST', '/api/consultations', await token(org, 'operator1'), { topic: 'NEIGHBOUR', question: '邻居占了我家的路' });
    expect(asked.status).toBe(201);
    await room.next('queue:position', (p) => p.consultationId === asked.body.id);
    const heard = room.events.length;

    desk.close();
    await eventually(async () => !(await onDuty(server, lawyer)), 15_000, 'the lawyer to be off duty');
    // the talk room hears about its request again (re-estimated, or its call-back)
    await eventually(async () => room.events.slice(heard).some((e) => ['queue:position', 'consultation:callback'].includes(e.event)), 15_000, 'the talk room to be told');
  });

  it('a console reopened within the grace keeps the lawyer on duty', async () => {
    const server = await node();
    const org = await seedFixture(server.db.prisma);
    const lawyer = await token(org, 'lawyer');
    const first = await console_(server, lawyer);
    expect(await first.request('duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
    const second = await console_(server, lawyer); // a reload: the new page connects, the old one closes
    first.close();
    // nothing may change for several graces (a window in which the wrong thing would have happened)
    const until = Date.now() + GRACE_MS * 4;
    while (Date.now() < until) {
      expect(await onDuty(server, lawyer)).toBe(true);
      await new Promise((r) => setTimeout(r, GRACE_MS / 2));
    }
    second.close();
    await eventually(async () => !(await onDuty(server, lawyer)), 15_000, 'the lawyer to be off duty once the last console closed');
  });

  it.skipIf(!realServices)('a console open on another node keeps the lawyer on duty (sockets counted through the Redis adapter)', async () => {
    const db = await createTestDatabase();
    cleanups.push(() => db.drop());
    const org = await seedFixture(db.prisma);
    const a = await node({ databaseUrl: db.url });
    const b = await node({ databaseUrl: db.url });
    const lawyer = await token(org, 'lawyer');
    const onA = await console_(a, lawyer);
    expect(await onA.request('duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
    await console_(b, lawyer);
    onA.close();
    const until = Date.now() + GRACE_MS * 4;
    while (Date.now() < until) {
      expect(await onDuty(a, lawyer)).toBe(true);
      await new Promise((r) => setTimeout(r, GRACE_MS / 2));
    }
  });
});
