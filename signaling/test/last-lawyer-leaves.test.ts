import { afterEach, describe, expect, it } from 'vitest';
import { issueAccessToken } from '../src/auth/tokens';
import { staffPrincipal } from '../src/auth/staff-sign-in';
import { seedFixture, type Fixture, type StaffKey } from './api/fixture';
import { startTestServer, type TestServer } from './support/test-server';
import { QueueClient } from './support/queue-client';

/**
 * Issue #13 (what a mediator and a lawyer expect): when the county's last lawyer leaves
 * (switches off duty, or closes the console past LAWYER_OFFLINE_GRACE_MS), villagers
 * waiting in the queue are not left waiting for nobody: each request becomes a call-back
 * (NO_LAWYER_ON_DUTY, the next roster slot) and the talk room is told at once; while
 * another lawyer stays, the queue stays and is re-estimated for fewer lawyers.
 */
const SECRET = 'last-lawyer-test-secret-last-lawyer-0123';
const GRACE_MS = 800;

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world(): Promise<{ server: TestServer; org: Fixture; token: (k: StaffKey) => Promise<string> }> {
  const server = await startTestServer({ env: { AUTH_SECRET: SECRET, LAWYER_OFFLINE_GRACE_MS: String(GRACE_MS) } });
  cleanups.push(() => server.stop());
  const org = await seedFixture(server.db.prisma);
  return { server, org, token: async (k) => (await issueAccessToken(SECRET, staffPrincipal(org.staff[k]))).token };
}
async function rest(server: TestServer, method: string, url: string, auth: string, body?: unknown) {
  const res = await fetch(`${server.url}${url}`, { method, headers: { authorization: `Bearer ${auth}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
  return { status: res.status, body: (await res.json().catch(() => null)) as any };
}
async function queueSocket(server: TestServer, auth: string): Promise<QueueClient> {
  const c = new QueueClient(server.url, auth);
  cleanups.push(() => c.close());
  await c.connected();
  return c;
}

describe('when the last lawyer leaves, the waiting villagers are told and given a call-back', () => {
  it('the only lawyer closes the console: after the grace the waiting talk room gets its call-back, in the queue no more', async () => {
    const { server, org, token } = await world();
    const desk = await queueSocket(server, await token('lawyer'));
    expect(await desk.request('duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
    const operator = await token('operator1');
    const room = await queueSocket(server, operator);
    const asked = await rest(server, 'POST', '/api/consultations', operator, { topic: 'NEIGHBOUR', question: '邻居占了我家的路' });
    expect(asked.status).toBe(201);
    expect(asked.body.callback).toBeNull();
    await room.next('queue:position', (p) => p.consultationId === asked.body.id);

    desk.close();
    const told = await room.next('consultation:callback', (p) => p.consultationId === asked.body.id);
    expect(told.reason).toBe('NO_LAWYER_ON_DUTY');
    const row = await server.db.prisma.consultation.findUniqueOrThrow({ where: { id: asked.body.id } });
    expect(row).toMatchObject({ status: 'CALLBACK_SCHEDULED', callbackReason: 'NO_LAWYER_ON_DUTY' });
    expect(row.callbackAt!.toISOString()).toBe(told.callbackAt);
    expect(row.callbackAt!.getTime()).toBeGreaterThan(Date.now());
    const audit = await server.db.prisma.auditLog.findMany({ where: { action: 'consultation.no_lawyer', entityId: asked.body.id } });
    expect(audit).toHaveLength(1);
    // the call-back waits for a lawyer in the county's list
    const list = await rest(server, 'GET', '/api/consultations/callbacks?mine=false', await token('lawyer2'));
    expect(list.status, JSON.stringify(list.body)).toBe(200);
    expect(JSON.stringify(list.body)).toContain(asked.body.id);
  });

  it('one of two lawyers goes off duty: the villager keeps their place, re-estimated; the last one off: a call-back', async () => {
    const { server, token } = await world();
    const [a, b] = await Promise.all([queueSocket(server, await token('lawyer')), queueSocket(server, await token('lawyer2'))]);
    for (const d of [a, b]) expect(await d.request('duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
    const operator = await token('operator1');
    const room = await queueSocket(server, operator);
    const asked = await rest(server, 'POST', '/api/consultations', operator, { topic: 'NEIGHBOUR', question: '宅基地边界' });
    const first = await room.next('queue:position', (p) => p.consultationId === asked.body.id);
    const heard = room.events.length;

    expect(await a.request('duty:set', { onDuty: false })).toEqual({ ok: true, onDuty: false });
    const again = room.events.slice(heard);
    await room.next('queue:position', (p) => p.consultationId === asked.body.id && p.estimatedWaitS > first.estimatedWaitS);
    expect(again.some((e) => e.event === 'consultation:callback')).toBe(false);
    const waiting = await server.db.prisma.consultation.findUniqueOrThrow({ where: { id: asked.body.id } });
    expect(waiting.status).toBe('QUEUED');

    // the last one switches off through the REST API (the desk's fallback)
    const off = await rest(server, 'POST', '/api/duty', await token('lawyer2'), { onDuty: false });
    expect(off.status).toBe(200);
    const told = await room.next('consultation:callback', (p) => p.consultationId === asked.body.id);
    expect(told.reason).toBe('NO_LAWYER_ON_DUTY');
    expect((await server.db.prisma.consultation.findUniqueOrThrow({ where: { id: asked.body.id } })).status).toBe('CALLBACK_SCHEDULED');
  });
});
