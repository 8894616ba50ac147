import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './support/test-server';

interface Health {
  status: 'ok' | 'degraded';
  components: Record<string, { ok: boolean; workers?: Array<{ pid: number; alive: boolean }> }>;
}

/** The whole service starts on its defaults and reports every component through /health. */
describe('service foundation', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { MEDIASOUP_NUM_WORKERS: '2' } });
  });
  afterAll(async () => server?.stop());

  const health = async () => {
    const res = await fetch(`${server.url}/health`);
    return { status: res.status, body: (await res.json()) as Health };
  };

  it('reports the database, Redis when configured, and every mediasoup worker up', async () => {
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.components.database?.ok).toBe(true);
    expect(body.components.mediasoup?.workers).toHaveLength(2);
    if (process.env.REDIS_URL) expect(body.components.redis?.ok).toBe(true);
    else expect(body.components.redis).toBeUndefined();
  });

  it('serves the built web client in Chinese, also on client-side routes', async () => {
    for (const path of ['/', '/room/demo']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      const html = await res.text();
      expect(html).toContain('lang="zh-CN"');
      expect(html).toContain('说事');
    }
  });

  it('answers unknown API paths with a JSON error, not the web page', async () => {
    const res = await fetch(`${server.url}/api/no-such-thing`);
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('refuses a request body with a field the schema does not know, saying which', async () => {
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'x', isAdmin: true }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.message).toMatch(/additional properties/i);
  });

  it('replaces a dead mediasoup worker and reports the new one', async () => {
    const before = (await health()).body.components.mediasoup!.workers!;
    const victim = before[0]!.pid;
    const died = new Promise<number>((resolve) => server.sfu.pool.once('workerdied', (info) => resolve(info.pid)));
    process.kill(victim, 'SIGKILL');
    expect(await died).toBe(victim);
    // The pool starts a replacement at once (a worker starts in tens of ms).
    let after: Array<{ pid: number; alive: boolean }> = [];
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      const h = await health();
      after = h.body.components.mediasoup!.workers!;
      if (h.status === 200 && after.every((w) => w.alive) && !after.some((w) => w.pid === victim)) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(after).toHaveLength(2);
    expect(after.every((w) => w.alive)).toBe(true);
    expect(after.map((w) => w.pid)).not.toContain(victim);
  });
});
