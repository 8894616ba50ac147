import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from './fixture';
import { mode, startApiTest, type ApiTest } from './helpers';

/**
 * Issue #12 item 4: X-Forwarded-For is believed only from configured proxies
 * (TRUST_PROXY). An attacker who sends a new forged address with each try neither
 * resets the sign-in and invite-code limits nor writes that address into audit_logs.ip.
 */
const NO_SESSION = '00000000-0000-7000-8000-000000000000';

describe(`the client's address without a trusted proxy (${mode})`, () => {
  let t: ApiTest;
  beforeAll(async () => {
    t = await startApiTest();
  });
  afterAll(async () => {
    await t?.close();
  });

  const forged = (i: number) => ({ 'x-forwarded-for': `198.51.100.${i}` });

  it('a forged X-Forwarded-For does not reset the sign-in limit nor appear in audit_logs.ip', async () => {
    for (let i = 0; i < 5; i++) {
      const r = await t.call('POST', '/api/auth/login', { body: { username: 'operator2', password: 'wrong' }, ip: '10.20.0.1', headers: forged(i) });
      expect(r.status).toBe(401);
    }
    const locked = await t.call('POST', '/api/auth/login', { body: { username: 'operator2', password: PASSWORD }, ip: '10.20.0.1', headers: forged(99) });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    const rows = await t.db.prisma.auditLog.findMany({ where: { action: 'auth.login_failed' } });
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.ip))).toEqual(new Set(['10.20.0.1']));
  });

  it('a forged X-Forwarded-For does not reset the invite-code limit of the address', async () => {
    for (let i = 0; i < 20; i++) {
      const r = await t.call('POST', '/api/auth/invite-code', { body: { sessionId: NO_SESSION, code: '000000' }, ip: '10.20.0.2', headers: forged(i) });
      expect(r.status).toBe(401);
    }
    const blocked = await t.call('POST', '/api/auth/invite-code', { body: { sessionId: NO_SESSION, code: '000000' }, ip: '10.20.0.2', headers: forged(77) });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe('TOO_MANY_ATTEMPTS');
    const ips = (await t.db.prisma.auditLog.findMany({ where: { action: 'invite_code.wrong' } })).map((r) => r.ip);
    expect(ips.every((ip) => ip === '10.20.0.2')).toBe(true);
  });
});

describe(`the client's address behind a trusted proxy, TRUST_PROXY=127.0.0.1 (${mode})`, () => {
  let t: ApiTest;
  beforeAll(async () => {
    t = await startApiTest({ trustProxy: ['127.0.0.1'] });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('honours X-Forwarded-For from the proxy, and only from it', async () => {
    await t.call('POST', '/api/auth/login', { body: { username: 'operator2', password: 'wrong' }, ip: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.7' } });
    await t.call('POST', '/api/auth/login', { body: { username: 'operator2', password: 'wrong' }, ip: '10.20.0.3', headers: { 'x-forwarded-for': '203.0.113.8' } });
    const ips = (await t.db.prisma.auditLog.findMany({ where: { action: 'auth.login_failed' }, orderBy: { at: 'asc' } })).map((r) => r.ip);
    expect(ips).toEqual(['203.0.113.7', '10.20.0.3']);
  });

  it('counts the sign-in limit per forwarded address behind the proxy', async () => {
    for (let i = 0; i < 5; i++) await t.call('POST', '/api/auth/login', { body: { username: 'operator1', password: 'wrong' }, ip: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.20' } });
    const locked = await t.call('POST', '/api/auth/login', { body: { username: 'operator1', password: PASSWORD }, ip: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.20' } });
    expect(locked.status).toBe(429);
    const other = await t.call('POST', '/api/auth/login', { body: { username: 'operator1', password: PASSWORD }, ip: '127.0.0.1', headers: { 'x-forwarded-for': '203.0.113.21' } });
    expect(other.status).toBe(200);
  });
});
