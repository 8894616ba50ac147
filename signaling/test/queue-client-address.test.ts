import { afterEach, describe, expect, it } from 'vitest';
import { QueueClient } from './support/queue-client';
import { startLiveWorld, type LiveWorld } from './support/live-world';

/**
 * The address written to audit_logs.ip for /queue requests follows TRUST_PROXY as the
 * REST API's does: a forged X-Forwarded-For from a client is not believed, and behind a
 * trusted proxy the client's own address (not the proxy's) is recorded.
 */
const worlds: LiveWorld[] = [];
const clients: QueueClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const w of worlds.splice(0)) await w.server.stop();
});

async function dutyOnIp(env: Record<string, string>, headers: Record<string, string>): Promise<string | null> {
  const w = await startLiveWorld({ env });
  worlds.push(w);
  const c = new QueueClient(w.server.url, await w.token('lawyer'), headers);
  clients.push(c);
  await c.connected();
  expect(await c.request('duty:set', { onDuty: true })).toEqual({ ok: true, onDuty: true });
  const row = await w.server.db.prisma.auditLog.findFirst({ where: { action: 'duty.on' }, orderBy: { id: 'desc' } });
  return row?.ip ?? null;
}

describe('the /queue client address', () => {
  it('a forged X-Forwarded-For is not believed without a trusted proxy', async () => {
    const ip = await dutyOnIp({}, { 'x-forwarded-for': '198.51.100.7' });
    expect(ip).not.toBe('198.51.100.7');
    expect(ip).toMatch(/127\.0\.0\.1$/);
  });

  it('behind a trusted proxy (TRUST_PROXY=loopback) the client address is the forwarded one', async () => {
    expect(await dutyOnIp({ TRUST_PROXY: 'loopback' }, { 'x-forwarded-for': '198.51.100.7' })).toBe('198.51.100.7');
  });
});
