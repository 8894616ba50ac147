import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueAccessToken } from '../../src/auth/tokens';
import { staffPrincipal } from '../../src/auth/staff-sign-in';
import { PASSWORD } from './fixture';
import { AUTH_SECRET, mode, startApiTest, type ApiTest } from './helpers';

describe(`staff sign-in, refresh rotation and talk-room devices (${mode})`, () => {
  let t: ApiTest;
  beforeAll(async () => {
    t = await startApiTest();
  });
  afterAll(async () => {
    await t?.close();
  });

  const login = (username: string, password = PASSWORD, ip = '127.0.0.1') => t.call('POST', '/api/auth/login', { body: { username, password }, ip });
  const refresh = (refreshToken: string) => t.call('POST', '/api/auth/refresh', { body: { refreshToken } });

  it('signs in with a password and answers /me with the staff claims', async () => {
    const r = await login('mediator1');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ staff: { id: t.org.staff.mediator1.id, role: 'TOWNSHIP_MEDIATOR', townshipId: t.org.townships.t1 } });
    expect(Date.parse(r.body.accessTokenExpiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(Date.parse(r.body.accessTokenExpiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const me = await t.call('GET', '/api/auth/me', { token: r.body.accessToken });
    expect(me.body).toMatchObject({ kind: 'staff', id: t.org.staff.mediator1.id, role: 'TOWNSHIP_MEDIATOR', countyId: t.org.countyId, sessionId: null });
    const stored = await t.db.prisma.refreshToken.findMany({ where: { staffId: t.org.staff.mediator1.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0]!.tokenHash).not.toContain(r.body.refreshToken);
    expect(stored[0]!.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await t.db.prisma.staffAccount.findUniqueOrThrow({ where: { id: t.org.staff.mediator1.id } })).lastLoginAt).not.toBeNull();
  });

  it('refuses wrong passwords and unknown users alike, then locks the username for that address', async () => {
    expect((await login('operator2', 'nope')).body.error.code).toBe('BAD_CREDENTIALS');
    expect((await login('nobody-here', 'nope')).body.error.code).toBe('BAD_CREDENTIALS');
    for (let i = 0; i < 5; i++) expect((await login('operator2', 'wrong', '10.0.0.9')).status).toBe(401);
    const locked = await login('operator2', PASSWORD, '10.0.0.9');
    expect(locked.status).toBe(429);
    expect(locked.body.error).toMatchObject({ code: 'TOO_MANY_ATTEMPTS', details: { retryAfterSeconds: expect.any(Number) } });
    expect((await login('operator2', PASSWORD, '10.0.0.10')).status).toBe(200); // another address is not locked out
    t.clock.advance(16 * 60_000);
    expect((await login('operator2', PASSWORD, '10.0.0.9')).status).toBe(200);
  });

  it('refuses a disabled account', async () => {
    await t.db.prisma.staffAccount.update({ where: { id: t.org.staff.operator1b.id }, data: { active: false } });
    expect((await login('operator1b')).body.error.code).toBe('ACCOUNT_DISABLED');
    await t.db.prisma.staffAccount.update({ where: { id: t.org.staff.operator1b.id }, data: { active: true } });
  });

  it('rotates refresh tokens; reusing a used one revokes the whole sign-in', async () => {
    const first = (await login('operator1')).body;
    const second = await refresh(first.refreshToken);
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    const third = await refresh(second.body.refreshToken);
    expect(third.status).toBe(200);

    // the first token again: a replay. The family (second and third included) is revoked.
    const replay = await refresh(first.refreshToken);
    expect(replay.status).toBe(401);
    expect(replay.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    expect((await refresh(third.body.refreshToken)).body.error.code).toBe('REFRESH_TOKEN_REUSED');
    const family = await t.db.prisma.refreshToken.findMany({ where: { staffId: t.org.staff.operator1.id } });
    expect(family).toHaveLength(3);
    expect(new Set(family.map((r) => r.familyId)).size).toBe(1);
    expect(family.every((r) => r.revokedAt !== null)).toBe(true);

    // another sign-in of the same person is a different family and unaffected
    const other = (await login('operator1')).body;
    expect((await refresh(other.refreshToken)).status).toBe(200);
    expect((await refresh('shr_not-a-real-token-at-all')).body.error.code).toBe('REFRESH_TOKEN_INVALID');
  });

  it('expires refresh tokens after 30 days and logs out the whole family', async () => {
    const a = (await login('lawyer')).body;
    t.clock.advance(31 * 24 * 3600_000);
    expect((await refresh(a.refreshToken)).body.error.code).toBe('REFRESH_TOKEN_INVALID');
    const b = (await login('lawyer')).body;
    const b2 = (await refresh(b.refreshToken)).body;
    const out = await t.call('POST', '/api/auth/logout', { body: { refreshToken: b2.refreshToken } });
    expect(out.status).toBe(204);
    expect((await refresh(b2.refreshToken)).status).toBe(401);
    expect((await t.call('POST', '/api/auth/logout', { body: { refreshToken: 'shr_unknown-token-xyz' } })).status).toBe(204);
  });

  it('tells a missing, malformed, forged and expired access token apart', async () => {
    expect((await t.call('GET', '/api/auth/me')).body.error.code).toBe('AUTH_REQUIRED');
    expect((await t.call('GET', '/api/auth/me', { headers: { authorization: 'Basic abc' } })).body.error.code).toBe('TOKEN_INVALID');
    expect((await t.call('GET', '/api/auth/me', { token: 'not.a.jwt' })).body.error.code).toBe('TOKEN_INVALID');
    const forged = (await issueAccessToken('another-secret-another-secret-0000', staffPrincipal(t.org.staff.admin))).token;
    expect((await t.call('GET', '/api/auth/me', { token: forged })).status).toBe(401);
    const expired = (await issueAccessToken(AUTH_SECRET, staffPrincipal(t.org.staff.admin), -5)).token;
    const r = await t.call('GET', '/api/cases', { token: expired });
    expect(r.status).toBe(401);
    expect(r.body.error.code).toBe('TOKEN_EXPIRED');
  });

  it('enrols a talk-room device once, keeps it signed in to its room, and revokes it', async () => {
    const op = await t.token('operator1');
    const enrol = await t.call('POST', `/api/talk-rooms/${t.org.rooms.v1a}/devices`, { token: op, body: { label: '东坪村一体机' } });
    expect(enrol.status).toBe(201);
    const { token, device } = enrol.body;
    expect(token).toMatch(/^shd_/);
    const row = await t.db.prisma.talkRoomDevice.findUniqueOrThrow({ where: { id: device.id } });
    expect(row.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(row.enrolledById).toBe(t.org.staff.operator1.id);

    const me = await t.call('GET', '/api/auth/me', { token });
    expect(me.body).toMatchObject({ kind: 'device', id: device.id, talkRoomId: t.org.rooms.v1a, villageId: t.org.villages.v1a, role: null });
    expect((await t.db.prisma.talkRoomDevice.findUniqueOrThrow({ where: { id: device.id } })).lastSeenAt).not.toBeNull();
    t.clock.advance(90 * 24 * 3600_000); // long-lived: still signed in months later
    expect((await t.call('GET', '/api/organisation', { token })).status).toBe(200);

    const list = await t.call('GET', `/api/talk-rooms/${t.org.rooms.v1a}/devices`, { token: op });
    expect(list.body.items.map((d: { id: string }) => d.id)).toContain(device.id);
    expect(JSON.stringify(list.body)).not.toContain('tokenHash');

    const revoke = await t.call('DELETE', `/api/talk-rooms/${t.org.rooms.v1a}/devices/${device.id}`, { token: await t.token('admin') });
    expect(revoke.status).toBe(200);
    expect(revoke.body.revokedAt).not.toBeNull();
    const after = await t.call('GET', '/api/auth/me', { token });
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('DEVICE_REVOKED');
    expect((await t.call('DELETE', `/api/talk-rooms/${t.org.rooms.v1a}/devices/${device.id}`, { token: op })).status).toBe(200); // idempotent
    expect((await t.call('DELETE', `/api/talk-rooms/${t.org.rooms.v1b}/devices/${device.id}`, { token: await t.token('admin') })).status).toBe(404);
    expect((await t.call('GET', '/api/auth/me', { token: 'shd_made-up-device-token' })).body.error.code).toBe('TOKEN_INVALID');
  });
});
